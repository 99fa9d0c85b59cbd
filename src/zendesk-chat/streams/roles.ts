import { rolesSchema } from "../schemas/index.js";
import { listStream } from "./define.js";

export const roles = listStream("roles", rolesSchema);
