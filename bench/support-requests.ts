/**
 * Prints the Support requests table of bench/README.md (computed: bench/lib/support-requests.ts).
 *   npm run build && node build/bench/support-requests.js
 */
import { supportRequestsSection } from "./lib/support-requests.js";

console.log(supportRequestsSection().markdown);
