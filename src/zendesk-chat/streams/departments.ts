import { departmentsSchema } from "../schemas/index.js";
import { ListStream } from "./define.js";

export class Departments extends ListStream {
  readonly name = "departments";
  readonly path = "departments";
  readonly schema = departmentsSchema;
}
