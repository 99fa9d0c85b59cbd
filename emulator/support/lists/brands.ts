import { isoSeconds } from "../../clock.js";
import { hash, Rng } from "../../random.js";
import { booleanParameter, type JsonRecord, type SupportList } from "./list.js";

const DAY = 86_400;
const NAMES = ["Acme Support", "Acme Wholesale", "Acme Kids", "Acme Legacy", "Acme EU", "Acme Labs"];

/**
 * `GET brands`: cursor paging (offset too), sorted by name. Soft-deleted brands are hidden unless
 * `include_deleted=true` (Zendesk's reference, `listBrands`); they come with `is_deleted: true`.
 */
export const brands: SupportList = {
  name: "brands",
  key: "brands",
  maxSize: 100,
  offset: true,
  extraParams: ["include_deleted", "assignable_from", "sort"],
  generate({ seed, baseUrl, fromSec, toSec }) {
    const base = 360_000_000 + (hash(seed, 0xb4a) % 1_000) * 10;
    const rng = Rng.from(seed, 0xb4a0);
    return NAMES.map((name, i): JsonRecord => {
      const created = rng.int(fromSec - 2 * 365 * DAY, fromSec);
      const subdomain = name.toLowerCase().replace(/[^a-z]+/g, "");
      // The first brand is the default; the last two are deleted (one) and inactive (one).
      const deleted = i === NAMES.length - 2;
      return {
        active: i !== NAMES.length - 1 && !deleted,
        brand_url: `https://${subdomain}.zendesk.com`,
        created_at: isoSeconds(created),
        default: i === 0,
        has_help_center: i % 2 === 0,
        help_center_state: i % 2 === 0 ? "enabled" : "disabled",
        host_mapping: i === 0 ? "support.acme.test" : null,
        id: base + i,
        is_deleted: deleted,
        logo: null,
        name,
        signature_template: "{{agent.signature}}",
        subdomain,
        ticket_form_ids: [],
        updated_at: isoSeconds(rng.int(created, toSec)),
        url: `${baseUrl}/brands/${base + i}.json`,
      };
    }).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  },
  visible(records, query) {
    const includeDeleted = booleanParameter(query, "include_deleted");
    if (includeDeleted !== null && typeof includeDeleted === "object") return includeDeleted;
    return includeDeleted === true ? records : records.filter((brand) => brand.is_deleted !== true);
  },
};
