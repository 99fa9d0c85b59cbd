import { allStreams } from "../../src/zendesk-chat/streams/index.js";
// Response bodies as the Zendesk Chat API sends them (before the connector's extract/transform),
// one or more per stream. Written for this project in the shapes that Zendesk's documentation,
// Airbyte's hand-typed mock responses and live captures show — including the awkward ones:
// `"enabled": 1` (Zendesk documents integers; the live API sends booleans), bans with `created_at`
// null or absent, agent_timeline `start_time` as integer epoch microseconds, an integer shortcut id,
// undeclared extra fields (`member_count`, `max_queue_size`) and partial objects.

export const sampleResponses: Record<string, unknown[]> = {
  accounts: [
    {
      account_key: "k3y0fth3acc0unt",
      create_date: "2022-03-04T05:06:07Z",
      status: "active",
      plan: { name: "Professional" },
      billing: { extra_info: null },
    },
    {
      account_key: "another-account",
      create_date: null,
      status: "trial",
      billing: { cycle: 1, email: null, company: "Acme Ltd", country_code: "GB" },
      plan: { goals: 0, price: 19.5, max_agents: 2, max_departments: "unlimited", sla: false },
    },
  ],
  agents: [
    [
      {
        id: 9001,
        first_name: "Mia",
        last_name: "Lopez",
        display_name: "Mia L.",
        email: "mia@example.org",
        role_id: 7,
        enabled: 1,
        departments: [11, 12],
        skills: [],
        create_date: "2022-02-02T02:02:02Z",
      },
      { id: 9002, display_name: "Off Duty", enabled: 0, departments: [], roles: { owner: false } },
      {
        id: 9003,
        enabled: true,
        last_login: null,
        login_count: 0,
        enabled_departments: [11],
        roles: { administrator: true, owner: true },
      },
    ],
  ],
  conversions: [
    {
      conversions: [
        {
          id: "Fq3dTz0bH8cW2mKa",
          timestamp: "2025-03-04T10:11:12Z",
          goal_id: 51,
          goal_name: "Checkout",
          attribution: {
            agent_id: 9001,
            department_id: 11,
            chat_id: "250304.111.AbCdEfGhIjKlM",
            chat_timestamp: "2025-03-04T09:50:00Z",
          },
        },
        {
          id: "Hk2pQw9eR4tY7uIo",
          timestamp: "2025-03-05T08:00:00Z",
          goal_id: 52,
          goal_name: "Signup",
          attribution: null,
        },
      ],
      count: 2,
      end_id: "Hk2pQw9eR4tY7uIo",
      end_time: 1741161600,
      next_page:
        "https://example.zendesk.com/api/v2/chat/incremental/conversions?fields=conversions%28%2A%29&start_time=1741161600&start_id=Hk2pQw9eR4tY7uIo",
    },
  ],
  department_events: [
    {
      department_events: [
        {
          id: "Zx81KqPl02MnBvCxAsDf",
          department_id: 11,
          timestamp: "2025-03-04T10:00:00Z",
          field_name: "enabled",
          value: { enabled: false },
          previous_value: { enabled: true },
        },
        {
          id: "Qw12ErTy34UiOp56AsDf",
          department_id: 12,
          timestamp: "2025-03-06T10:00:00Z",
          field_name: "name",
          value: null,
          previous_value: null,
        },
      ],
      count: 2,
      end_id: "Qw12ErTy34UiOp56AsDf",
      end_time: 1741255200,
      next_page:
        "https://example.zendesk.com/api/v2/chat/incremental/department_events?start_time=1741255200",
    },
  ],
  // Zendesk's Agent Events example (the first item), then an engagements change.
  agent_events: [
    {
      agent_events: [
        {
          account_id: 2,
          agent_id: 980824,
          field_name: "status",
          id: "R6vTSXc.agent:980824.WEuQDQ",
          previous_value: "online",
          timestamp: "2018-10-19T12:33:50.140101Z",
          value: "away",
        },
        {
          account_id: 2,
          agent_id: 980824,
          field_name: "engagements",
          id: "T7wUYd1.agent:980824.XfvRER",
          previous_value: 1,
          timestamp: "2018-10-19T12:35:02.000431Z",
          value: 2,
        },
      ],
      count: 2,
      end_time: 1539952502.000431,
      next_page: "https://example.zendesk.com/api/v2/chat/incremental/agent_events?start_time=1539952502",
    },
  ],
  agent_timeline: [
    {
      agent_timeline: [
        { agent_id: 9001, start_time: 1_650_000_000_123_456, status: "online", duration: 1800 },
        { agent_id: 9002, start_time: 1_650_000_100_000_000, status: "away", duration: 12.25 },
      ],
      count: 2,
      end_time: 1_650_000_100_000_000,
      next_page: null,
    },
    {
      agent_timeline: [
        {
          agent_id: 9003,
          start_time: "2022-04-15T05:20:00.654321Z",
          status: "invisible",
          duration: 0.5,
          engagement_count: 3,
        },
        { agent_id: 9003, start_time: "2022-04-15T06:00:00Z", status: "online", duration: 60 },
      ],
      count: 2,
      next_page:
        "https://example.zendesk.com/api/v2/chat/incremental/agent_timeline?start_time=1650002400000000",
    },
  ],
  bans: [
    {
      ip_address: [
        { id: 501, ip_address: "203.0.113.9", reason: "Spam", type: "ip_address", created_at: null },
        { id: 503, ip_address: "198.51.100.20", reason: "Bots", created_at: "2022-01-01T00:00:00Z" },
      ],
      visitor: [
        { id: 502, visitor_id: "v.77", visitor_name: "Loud Visitor", reason: "Abuse", type: "visitor" },
      ],
    },
    { ip_address: [], visitor: [] },
  ],
  chats: [
    {
      chats: [
        {
          id: "2204.9001.AbCdEfGh",
          type: "offline_msg",
          message: "Are you open on Sundays?",
          timestamp: "2022-04-01T10:00:00Z",
          update_timestamp: "2022-04-01T10:05:00Z",
          unread: true,
          deleted: false,
          tags: [],
          webpath: [],
          department_id: null,
          department_name: null,
          zendesk_ticket_id: null,
          visitor: { id: "9.87654", name: "Sam", email: "sam@example.net", phone: "", notes: "" },
          session: {
            browser: "Firefox",
            city: null,
            country_code: "DE",
            country_name: "Germany",
            end_date: "2022-04-01T10:01:00Z",
            id: "220401.111.xyz",
            ip: "192.0.2.1",
            platform: "Linux",
            region: null,
            start_date: "2022-04-01T09:59:00Z",
            user_agent: "Mozilla/5.0 (X11; Linux x86_64)",
          },
        },
        {
          id: "2204.9001.IjKlMnOp",
          type: "chat",
          timestamp: "2022-04-02T11:00:00Z",
          update_timestamp: "2022-04-02T11:30:00Z",
          started_by: "visitor",
          agent_ids: ["9001"],
          agent_names: ["Mia L."],
          count: { agent: 2, total: 5, visitor: 3 },
          duration: 1200,
          missed: false,
          rating: null,
          comment: null,
          response_time: { avg: 12.5, first: 8, max: 20 },
          history: [
            { type: "chat.memberjoin", name: "Sam", timestamp: "2022-04-02T11:00:00Z", department_id: 11 },
            { type: "chat.msg", msg: "Hi", msg_id: "1648897200123", timestamp: "2022-04-02T11:00:05Z" },
          ],
          visitor: { id: "9.1", name: "Sam" },
        },
        {
          id: "2204.9001.QrStUvWx",
          type: "chat",
          timestamp: "2022-04-03T09:00:00Z",
          update_timestamp: "2022-04-03T09:40:00Z",
          started_by: "agent",
          agent_ids: ["9001", "9002"],
          agent_names: ["Mia L.", "Noah K."],
          tags: ["billing", "vip"],
          webpath: [
            { from: "", timestamp: "2022-04-03T08:58:00Z", title: "Home", to: "https://shop.example/" },
            {
              from: "https://shop.example/",
              timestamp: "2022-04-03T08:59:00Z",
              title: "Cart",
              to: "https://shop.example/cart",
            },
          ],
          engagements: [
            {
              id: "2204.9001.QrStUvWx_1",
              agent_id: "9001",
              accepted: true,
              timestamp: "2022-04-03T09:00:00Z",
            },
            {
              id: "2204.9001.QrStUvWx_2",
              agent_id: "9002",
              accepted: true,
              timestamp: "2022-04-03T09:20:00Z",
            },
          ],
          conversions: [
            {
              id: "c0nv3rs10n1",
              goal_id: 51,
              goal_name: "Checkout",
              timestamp: "2022-04-03T09:39:00Z",
              attribution: {
                agent_id: 9002,
                agent_name: "Noah K.",
                department_id: 11,
                department_name: "Sales",
              },
            },
            {
              id: "c0nv3rs10n2",
              goal_id: 52,
              goal_name: "Signup",
              timestamp: "2022-04-03T09:39:30Z",
              attribution: null,
            },
          ],
          visitor: { id: "9.2", name: "Alex", email: "alex@example.net" },
        },
      ],
      count: 3,
      end_id: "2204.9001.IjKlMnOp",
      end_time: 1_648_899_000,
      next_page: "https://example.zendesk.com/api/v2/chat/incremental/chats?start_time=1648899000",
    },
  ],
  departments: [
    [
      {
        id: 11,
        name: "Billing",
        description: "Invoices",
        enabled: 1,
        members: [9001],
        settings: { chat_enabled: true },
      },
      { id: 12, name: "Closed", description: null, enabled: 0, members: [], settings: {} },
      { id: 13, name: "Live", enabled: true },
    ],
  ],
  goals: [
    [
      {
        id: 31,
        name: "Checkout",
        description: "Reached the thank-you page",
        enabled: 1,
        attribution_model: "last_touch",
        attribution_period: 15,
        settings: {},
      },
      {
        id: 32,
        name: "Sign-up",
        enabled: false,
        settings: { conditions: [{ type: "url", operator: "contains", value: "/welcome" }] },
      },
    ],
  ],
  roles: [
    [
      {
        id: 41,
        name: "Supervisor",
        description: "Sees everything",
        enabled: 1,
        permissions: { view_past_chats: "all", edit_visitor_notes: true, manage_agents: true },
        member_count: 2,
      },
      { id: 42, name: "Agent", enabled: true, members_count: 10, permissions: {} },
    ],
  ],
  routing_settings: [
    {
      data: {
        enabled: true,
        max_queue_size: 25,
        routing_mode: "assigned",
        chat_limit: { enabled: true, limit: 3, limit_type: "agent", allow_agent_override: false },
        skill_routing: { enabled: false, max_wait_time: 30 },
        reassignment: { enabled: true, timeout: 45 },
      },
    },
    { data: { auto_idle: { enabled: false, new_status: "away", reassignments_before_idle: 2 } } },
  ],
  shortcuts: [
    [
      { id: 7, name: "thanks", message: "Thank you!", options: "", tags: ["polite"], scope: "all" },
      {
        id: "refund",
        name: "refund",
        message: "Refunds take 5 days.",
        scope: "department",
        departments: [11],
      },
    ],
  ],
  skills: [
    [
      { id: 51, name: "German", description: "Speaks German", enabled: 1, member_count: 3 },
      { id: 52, name: "Legacy", enabled: 0, members: [] },
      { id: 53, name: "French", enabled: true, members: [9003] },
    ],
  ],
  triggers: [
    [
      {
        id: 61,
        name: "Greet",
        description: "Says hello",
        enabled: 1,
        definition: {
          condition: { type: "page_visit" },
          actions: [{ type: "send_message", value: "Hello" }],
        },
      },
      {
        id: 62,
        name: "Old",
        enabled: 0,
        definition: {
          event: "chat_requested",
          condition: ["and", ["eq", "@visitor_country", "DE"]],
          actions: [["sendMessageToVisitor", "Agent", "Hallo"]],
          editor: "advanced",
          version: 1,
        },
      },
    ],
  ],
};

// A child stream is fed by its parent's responses (the chats export feeds chat_history, …).
for (const stream of allStreams) {
  const parent = stream.parent ? sampleResponses[stream.parent] : undefined;
  if (parent) sampleResponses[stream.name] = parent;
}
