// The two local servers the browser tests use. PROREG_E2E_PORT moves both (studio on it, the dev
// server one below), so two checkouts can run their browser tests side by side.
const base = Number(process.env.PROREG_E2E_PORT ?? 5200);

export const STUDIO_PORT = base;
export const DEV_PORT = base - 1;
export const STUDIO_ORIGIN = `http://127.0.0.1:${STUDIO_PORT}`;
export const DEV_ORIGIN = `http://127.0.0.1:${DEV_PORT}`;
