/** Account-level singletons and small lists: account, routing settings, shortcuts, triggers. */
import { isoSeconds } from "../clock.js";
import { Rng } from "../random.js";
import { chatList, type JsonRecord } from "./lists/list.js";
import type { Org } from "./org.js";

export function accountRecord(seed: number, createSec: number): JsonRecord {
  const rng = Rng.from(seed, 0xacc);
  return {
    account_key: rng.chars(32, "0123456789abcdefghijklmnopqrstuvwxyz"),
    billing: {
      additional_info: null,
      address1: "1019 Market Street",
      address2: "",
      city: "San Francisco",
      company: "Example Shop Inc.",
      country_code: "US",
      cycle: 1,
      email: "billing@shop.example.com",
      first_name: "Ava",
      last_name: "Smith",
      phone: "+1 415 555 0100",
      postal_code: "94103",
      state: "CA",
    },
    create_date: isoSeconds(createSec),
    plan: {
      agent_leaderboard: true,
      agent_reports: true,
      analytics: true,
      chat_reports: true,
      daily_reports: true,
      email_reports: true,
      file_upload: true,
      goals: 5,
      high_load: true,
      integrations: true,
      ip_restriction: false,
      long_desc: "Enterprise plan with full API access",
      max_advanced_triggers: "unlimited",
      max_agents: 50,
      max_basic_triggers: "unlimited",
      max_concurrent_chats: "unlimited",
      max_departments: "unlimited",
      max_history_search_days: "unlimited",
      monitoring: true,
      name: "enterprise",
      operating_hours: true,
      price: 70.0,
      rest_api: true,
      short_desc: "Enterprise",
      sla: true,
      support: true,
      unbranding: true,
      widget_customization: "full",
    },
    status: "active",
  };
}

export function routingSettingsRecord(): JsonRecord {
  return {
    auto_accept: { enabled: false },
    auto_idle: { enabled: false, new_status: "away", reassignments_before_idle: 3 },
    chat_limit: { allow_agent_override: false, enabled: true, limit: 3, limit_type: "account" },
    reassignment: { enabled: true, timeout: 30 },
    routing_mode: "assigned",
    skill_routing: { enabled: true, max_wait_time: 30 },
  };
}

export function shortcutRecords(org: Org): JsonRecord[] {
  const support = org.departments[1]?.id;
  const defs: [string, string, string, string[], number[]][] = [
    ["goodbye", "Thanks for chatting with us. Have a great day!", "", ["closing"], []],
    ["hello", "Hi there! How can I help you today?", "", [], []],
    [
      "refund",
      "I've started the refund; it takes 3-5 business days.",
      "Refund done/Need more info",
      ["refund"],
      [],
    ],
    ["shipping", "Orders ship within 24 hours on business days.", "", ["shipping"], support ? [support] : []],
    ["wait", "Thanks for waiting, I'm checking this for you.", "", [], []],
  ];
  return defs.map(([name, message, options, tags, departments]) => ({
    departments,
    id: name,
    message,
    name,
    options,
    scope: departments.length > 0 ? "department" : "all",
    tags,
  }));
}

export function triggerRecords(seed: number): JsonRecord[] {
  const rng = Rng.from(seed, 0x7e1);
  let id = 360_000_400_000 + rng.int(1, 99_999);
  const defs: [string, string, unknown, unknown, string][] = [
    [
      "Greet new visitors",
      "chat_requested",
      ["and", ["eq", "visitor_page_count", 1]],
      [["sendMessageToVisitor", "Hi!"]],
      "chat_requested",
    ],
    [
      "Returning visitor",
      "page_enter",
      ["and", ["gt", "visitor_previous_visits", 2]],
      [["addTag", "returning"]],
      "page_enter",
    ],
    [
      "Checkout help",
      "page_enter",
      ["and", ["icontains", "visitor_page_url", "checkout"]],
      [["sendMessageToVisitor", "Need help checking out?"]],
      "page_enter",
    ],
    [
      "Tag VIP",
      "chat_requested",
      ["and", ["eq", "visitor_tag", "vip"]],
      [
        ["addTag", "vip"],
        ["setDepartment", "Sales"],
      ],
      "chat_requested",
    ],
    [
      "Offline notice",
      "chat_requested",
      ["and", ["eq", "account_status", "offline"]],
      [["sendMessageToVisitor", "We are offline"]],
      "chat_requested",
    ],
  ];
  return defs.map(([name, description, condition, actions, event], i) => {
    id += rng.int(1, 5_000);
    return {
      definition: { actions, condition, editor: "advanced", event, version: 1 },
      description: `${description} trigger`,
      enabled: i !== 4,
      id,
      name,
    };
  });
}

/** `GET routing_settings/account`: the account's settings, one object under `data`. */
export const routingSettings = chatList({
  name: "routing_settings",
  path: "routing_settings/account",
  body: (records, empty) => ({ data: empty ? {} : records[0] }),
  records: () => [routingSettingsRecord()],
});
export const shortcuts = chatList({ name: "shortcuts", records: ({ org }) => shortcutRecords(org) });
export const triggers = chatList({ name: "triggers", records: ({ seed }) => triggerRecords(seed) });
