import type { RouteTable } from '../http/route.ts';
import * as pipeline from './schemas.ts';

/** The pipeline's product (产品) routes (data only); lib/pipeline/routes.ts assembles the pipeline's. */
export const productRoutes = {
  'GET /v1/products': {
    summary: 'The price list (产品), in creation order; enabled= narrows',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/list-products.ts',
    access: 'read',
    request: { query: pipeline.ProductListQuery },
    response: { status: 200, body: pipeline.ProductPage },
  },
  'POST /v1/products': {
    summary: 'Add a product (code unique per company: 409 duplicate_code)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/create-product.ts',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { body: pipeline.CreateProductBody },
    response: { status: 201, body: pipeline.Product },
  },
  'GET /v1/products/{id}': {
    summary: 'A product (ETag)',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/get-product.ts',
    access: 'read',
    request: { params: pipeline.IdParams },
    response: { status: 200, body: pipeline.Product },
  },
  'PATCH /v1/products/{id}': {
    summary: 'Change a product (name, code, unit, price, enabled); needs If-Match',
    tag: 'Sales pipeline',
    handler: 'functions/pipeline/update-product.ts',
    access: 'readWrite',
    permission: 'settings.manage',
    request: { params: pipeline.IdParams, body: pipeline.UpdateProductBody },
    response: { status: 200, body: pipeline.Product },
  },
} as const satisfies RouteTable;
