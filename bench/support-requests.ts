/**
 * Prints the Support requests table of bench/README.md (computed: bench/lib/support-requests.ts).
 *   npm run build && node build/bench/support-requests.js
 */
import { ACCOUNT_100K, supportRequestsTable } from "./lib/support-requests.js";

console.log(`Support account: ${JSON.stringify(ACCOUNT_100K)}\n`);
console.log(supportRequestsTable());
