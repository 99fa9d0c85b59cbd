import { departmentsSchema } from "../schemas/departments.js";
import { ListStream } from "./define.js";

export class Departments extends ListStream {
  readonly name = "departments";
  readonly path = "departments";
  readonly schema = departmentsSchema;
}
