/**
 * The sales pipeline's use cases, one module per aggregate: products, leads (with conversion),
 * opportunities (with stages), contracts, payment plans and payments, and the date reminders the
 * `date-reminders` job delivers. Handlers import them from here.
 */
export { createContract, getContract, listContracts, updateContract } from './contracts.ts';
export { convertLead, createLead, getLead, listLeads, updateLead } from './leads.ts';
export {
  createOpportunity,
  getOpportunity,
  getStages,
  listOpportunities,
  moveOpportunity,
  putStages,
  updateOpportunity,
} from './opportunities.ts';
export { createPayment, createPaymentPlan, listPaymentPlans, listPayments } from './payments.ts';
export { createProduct, getProduct, listProducts, updateProduct } from './products.ts';
export {
  type DateReminder,
  forEachPipelineReminder,
  pipelineReminders,
  sendPipelineReminders,
} from './reminders.ts';
