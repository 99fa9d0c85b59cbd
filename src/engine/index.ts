/*
 * The engine kit: what a source built on it uses. Generic — it knows streams, paginators, cursors
 * and the Airbyte protocol, never an API's parameters or fields.
 */
export { toAirbyteStream } from "./discover.js";
export { type ReadContext, type ReadResult, readCatalog } from "./read-catalog.js";
export { type PlannedStream, planRead, type ReadPlan } from "./read-plan.js";
