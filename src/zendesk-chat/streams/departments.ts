import { departmentsSchema } from "../schemas/index.js";
import { listStream } from "./define.js";

export const departments = listStream("departments", departmentsSchema);
