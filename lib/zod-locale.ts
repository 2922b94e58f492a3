import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini installs no locale of its own (classic zod installs English on import): without this,
 * every issue message would read "Invalid input". Imported for its effect wherever schemas parse
 * (lib/schemas.ts, lib/http/parse.ts, lib/config.ts); configuring twice is harmless. English is
 * imported by its own path: `z.locales.en` would bundle every locale.
 */
z.config(en());
