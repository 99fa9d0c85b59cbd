import { singlePage } from "../../engine/paginator.js";
import { Stream } from "../../engine/stream.js";
import { underKey } from "../extractors.js";
import { routingSettingsSchema } from "../schemas/routing_settings.js";

export class RoutingSettings extends Stream {
  readonly name = "routing_settings";
  readonly path = "routing_settings/account";
  // One settings object per account: nothing to key on.
  readonly schema = routingSettingsSchema;
  readonly pagination = singlePage;
  extract(body: unknown) {
    return underKey("data")(body);
  }
}
