/** Word lists the generators draw from, so fake records read like real support chats. */

export const FIRST_NAMES = [
  "Ava",
  "Liam",
  "Noah",
  "Emma",
  "Olivia",
  "Mateo",
  "Sofia",
  "Lucas",
  "Mia",
  "Ethan",
  "Chloe",
  "Arjun",
  "Hana",
  "Yuki",
  "Lena",
  "Omar",
  "Fatima",
  "Diego",
  "Ines",
  "Jonas",
  "Maya",
  "Ravi",
  "Zoe",
  "Elias",
] as const;

export const LAST_NAMES = [
  "Smith",
  "Garcia",
  "Müller",
  "Rossi",
  "Kowalski",
  "Nguyen",
  "Tanaka",
  "Silva",
  "Dubois",
  "Jensen",
  "Okafor",
  "Patel",
  "Cohen",
  "Larsen",
  "Novak",
  "Haddad",
  "Kim",
  "Lopez",
  "Brown",
  "Schneider",
] as const;

export interface Place {
  city: string;
  region: string;
  countryCode: string;
  countryName: string;
}

export const PLACES: readonly Place[] = [
  { city: "San Francisco", region: "California", countryCode: "US", countryName: "United States" },
  { city: "New York", region: "New York", countryCode: "US", countryName: "United States" },
  { city: "Austin", region: "Texas", countryCode: "US", countryName: "United States" },
  { city: "Toronto", region: "Ontario", countryCode: "CA", countryName: "Canada" },
  { city: "London", region: "England", countryCode: "GB", countryName: "United Kingdom" },
  { city: "Berlin", region: "Land Berlin", countryCode: "DE", countryName: "Germany" },
  { city: "Paris", region: "Île-de-France", countryCode: "FR", countryName: "France" },
  { city: "Madrid", region: "Madrid", countryCode: "ES", countryName: "Spain" },
  { city: "São Paulo", region: "São Paulo", countryCode: "BR", countryName: "Brazil" },
  { city: "Tokyo", region: "Tokyo", countryCode: "JP", countryName: "Japan" },
  { city: "Bengaluru", region: "Karnataka", countryCode: "IN", countryName: "India" },
  { city: "Sydney", region: "New South Wales", countryCode: "AU", countryName: "Australia" },
];

export interface Client {
  browser: string;
  platform: string;
  userAgent: string;
}

export const CLIENTS: readonly Client[] = [
  {
    browser: "Chrome 126.0.0.0",
    platform: "Windows",
    userAgent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  },
  {
    browser: "Safari 17.5",
    platform: "Mac OS",
    userAgent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  },
  {
    browser: "Firefox 127.0",
    platform: "Linux",
    userAgent: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
  },
  {
    browser: "Mobile Safari 17.5",
    platform: "iOS",
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  },
  {
    browser: "Chrome Mobile 126.0.0.0",
    platform: "Android",
    userAgent:
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  },
];

export const PAGES = [
  { url: "https://shop.example.com/", title: "Example Shop – Home" },
  { url: "https://shop.example.com/pricing", title: "Pricing | Example Shop" },
  { url: "https://shop.example.com/cart", title: "Your cart" },
  { url: "https://shop.example.com/checkout", title: "Checkout" },
  { url: "https://shop.example.com/orders", title: "My orders" },
  { url: "https://shop.example.com/help/returns", title: "Returns & refunds" },
  { url: "https://shop.example.com/help/shipping", title: "Shipping information" },
  { url: "https://shop.example.com/account", title: "Account settings" },
] as const;

export const VISITOR_LINES = [
  "Hi, I have a question about my order",
  "My package hasn't arrived yet",
  "Can I change the shipping address?",
  "How do I return an item?",
  "The discount code doesn't work",
  "Is this available in blue?",
  "I was charged twice",
  "Thanks, that helps!",
  "Order number is 48213",
  "Can you check the status please?",
] as const;

export const AGENT_LINES = [
  "Hello! Thanks for reaching out, let me take a look.",
  "Could you share your order number?",
  "I've checked and it's on its way, expected tomorrow.",
  "I've issued a refund, it takes 3-5 business days.",
  "Sure, I've updated the address for you.",
  "Is there anything else I can help with?",
  "I've applied the discount manually.",
  "Have a great day!",
] as const;

export const OFFLINE_MESSAGES = [
  "Please call me back about my refund.",
  "Your checkout page crashes on mobile.",
  "Do you ship to Iceland?",
  "I need an invoice for order 99812.",
  "Can someone contact me about a bulk order?",
] as const;

export const TAGS = [
  "order",
  "refund",
  "shipping",
  "vip",
  "billing",
  "returns",
  "discount",
  "bug",
  "feedback",
] as const;

export const RATINGS = ["good", "bad"] as const;

export const COMMENTS = [
  "Quick and helpful",
  "Took too long",
  "Great service, thanks!",
  "Didn't solve my problem",
  "Very friendly agent",
] as const;

export const BAN_REASONS = [
  "Spammer",
  "Abusive language",
  "Bot traffic",
  "Fraud attempt",
  "Repeated spam links",
] as const;

export const AGENT_STATUSES = ["online", "away", "invisible", "offline"] as const;
