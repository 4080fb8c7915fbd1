// The tests serve www/ with the same server as `scripts/serve` (compressed as in production).
export { serve } from '../../scripts/server.mjs';
