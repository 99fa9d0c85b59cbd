import type { JsonSchema } from "../../engine/json-schema.js";

/** JSON schema (draft-07) of the `accounts` stream. */
export const accountsSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "accounts",
  description: "The Zendesk Chat account (GET /account), emitted as a single record.",
  type: "object",
  additionalProperties: true,
  properties: {
    account_key: {
      type: ["string"],
      description: "The widget/account key. Primary key.",
    },
    billing: {
      type: ["object", "null"],
      description: "Billing information of the account.",
      additionalProperties: true,
      properties: {
        additional_info: {
          type: ["string", "null"],
          description: "Additional billing information.",
        },
        address1: {
          type: ["string", "null"],
          description: "Billing address line 1.",
        },
        address2: {
          type: ["string", "null"],
          description: "Billing address line 2.",
        },
        city: {
          type: ["string", "null"],
          description: "Billing city.",
        },
        company: {
          type: ["string", "null"],
          description: "Billing company name.",
        },
        country_code: {
          type: ["string", "null"],
          description: "Billing country code.",
        },
        cycle: {
          type: ["integer", "null"],
          description: "Billing cycle in months.",
        },
        email: {
          type: ["string", "null"],
          description: "Billing email address.",
        },
        first_name: {
          type: ["string", "null"],
          description: "Billing contact first name.",
        },
        last_name: {
          type: ["string", "null"],
          description: "Billing contact last name.",
        },
        phone: {
          type: ["string", "null"],
          description: "Billing phone number.",
        },
        postal_code: {
          type: ["string", "null"],
          description: "Billing postal code.",
        },
        state: {
          type: ["string", "null"],
          description: "Billing state.",
        },
      },
    },
    create_date: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the account was created.",
    },
    plan: {
      type: ["object", "null"],
      description: "Subscription plan of the account.",
      additionalProperties: true,
      properties: {
        agent_leaderboard: {
          type: ["boolean", "null"],
          description: "Whether the agent leaderboard is available.",
        },
        agent_reports: {
          type: ["boolean", "null"],
          description: "Whether agent reports are available.",
        },
        analytics: {
          type: ["boolean", "null"],
          description: "Whether analytics are available.",
        },
        chat_reports: {
          type: ["boolean", "null"],
          description: "Whether chat reports are available.",
        },
        daily_reports: {
          type: ["boolean", "null"],
          description: "Whether daily reports are available.",
        },
        email_reports: {
          type: ["boolean", "null"],
          description: "Whether email reports are available.",
        },
        file_upload: {
          type: ["boolean", "null"],
          description: "Whether file upload is available.",
        },
        goals: {
          type: ["integer", "null"],
          description: "Maximum number of goals.",
        },
        high_load: {
          type: ["boolean", "null"],
          description: "Whether high load is supported.",
        },
        integrations: {
          type: ["boolean", "null"],
          description: "Whether integrations are available.",
        },
        ip_restriction: {
          type: ["boolean", "null"],
          description: "Whether IP restriction is available.",
        },
        long_desc: {
          type: ["string", "null"],
          description: "Long description of the plan.",
        },
        max_advanced_triggers: {
          type: ["string", "null"],
          description: 'Maximum number of advanced triggers (e.g. "unlimited").',
        },
        max_agents: {
          type: ["integer", "null"],
          description: "Maximum number of agents.",
        },
        max_basic_triggers: {
          type: ["string", "null"],
          description: 'Maximum number of basic triggers (e.g. "unlimited").',
        },
        max_concurrent_chats: {
          type: ["string", "null"],
          description: 'Maximum number of concurrent chats (e.g. "unlimited").',
        },
        max_departments: {
          type: ["string", "null"],
          description: 'Maximum number of departments (e.g. "unlimited").',
        },
        max_history_search_days: {
          type: ["string", "null"],
          description: 'Maximum number of days of searchable history (e.g. "unlimited").',
        },
        monitoring: {
          type: ["boolean", "null"],
          description: "Whether monitoring is available.",
        },
        name: {
          type: ["string", "null"],
          description: 'Plan name, e.g. "enterprise".',
        },
        operating_hours: {
          type: ["boolean", "null"],
          description: "Whether operating hours are available.",
        },
        price: {
          type: ["number", "null"],
          description: "Plan price (may be fractional).",
        },
        rest_api: {
          type: ["boolean", "null"],
          description: "Whether the REST API is available.",
        },
        short_desc: {
          type: ["string", "null"],
          description: "Short description of the plan.",
        },
        sla: {
          type: ["boolean", "null"],
          description: "Whether SLA is included.",
        },
        support: {
          type: ["boolean", "null"],
          description: "Whether support is included.",
        },
        unbranding: {
          type: ["boolean", "null"],
          description: "Whether unbranding is available.",
        },
        widget_customization: {
          type: ["string", "null"],
          description: 'Level of widget customization, e.g. "full".',
        },
      },
    },
    status: {
      type: ["string", "null"],
      description: 'Account status, e.g. "active".',
    },
  },
} as const satisfies JsonSchema;
