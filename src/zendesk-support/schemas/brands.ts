import type { JsonSchema } from "../../engine/json-schema.js";
import { bool, dateTime, header, int, intArray, intKey, obj, str } from "../../engine/schema-dialect.js";
import type { JsonObject } from "../../protocol/messages.js";

/** JSON schema (draft-07) of the `brands` stream. */
export const brandsSchema: JsonObject = {
  ...header(
    "brands",
    "The account's brands, soft-deleted ones included (GET /api/v2/brands?include_deleted=true).",
  ),
  properties: {
    id: intKey("ID of the brand. Primary key."),
    url: str("API URL of the brand."),
    name: str("Name of the brand."),
    brand_url: str("The brand's Zendesk URL."),
    subdomain: str("The brand's subdomain."),
    host_mapping: str("A host mapped to the brand's help center, if any."),
    has_help_center: bool("Whether the brand has a help center."),
    help_center_state: str("State of the help center: enabled, disabled or restricted."),
    active: bool("Whether the brand is active."),
    default: bool("Whether this is the account's default brand."),
    is_deleted: bool("Whether the brand was soft-deleted (listed because the stream asks for them)."),
    logo: obj("The brand's logo (an attachment object), or null.", {
      id: int("ID of the attachment."),
      url: str("API URL of the attachment."),
      file_name: str("File name."),
      content_url: str("Where the image can be downloaded."),
      content_type: str("MIME type."),
      size: int("Size in bytes."),
    }),
    ticket_form_ids: intArray("Ticket forms available to the brand."),
    signature_template: str("The agents' signature template of the brand."),
    created_at: dateTime("When the brand was created."),
    updated_at: dateTime("When the brand was last updated."),
  },
} as const satisfies JsonSchema;

/** Records in the shape of Zendesk's reference (List Brands), written by hand. */
export const brandsSamples: JsonObject[] = [
  {
    id: 360002783572,
    url: "https://example.zendesk.com/api/v2/brands/360002783572.json",
    name: "Brand 1",
    brand_url: "https://brand1.zendesk.com",
    subdomain: "brand1",
    host_mapping: "brand1.com",
    has_help_center: true,
    help_center_state: "enabled",
    active: true,
    default: true,
    is_deleted: false,
    logo: {
      id: 928374,
      url: "https://example.zendesk.com/api/v2/attachments/928374.json",
      file_name: "brand1_logo.png",
      content_url: "https://company.zendesk.com/logos/brand1_logo.png",
      content_type: "image/png",
      size: 166144,
    },
    ticket_form_ids: [47, 33, 22],
    signature_template: "{{agent.signature}}",
    created_at: "2012-04-02T22:55:29Z",
    updated_at: "2012-04-02T22:55:29Z",
  },
  {
    id: 360002783573,
    url: "https://example.zendesk.com/api/v2/brands/360002783573.json",
    name: "Brand 2",
    brand_url: "https://brand2.zendesk.com",
    subdomain: "brand2",
    host_mapping: null,
    has_help_center: false,
    help_center_state: "disabled",
    active: false,
    default: false,
    is_deleted: true,
    logo: null,
    ticket_form_ids: [],
    signature_template: "{{agent.signature}}",
    created_at: "2019-08-06T02:43:39Z",
    updated_at: "2020-01-10T16:12:05Z",
  },
];
