/** Roles of API.md. ADMIN may do everything any other role may. */
export const ROLES = ['CUSTOMER', 'OPERATOR', 'STOCK_OPERATOR', 'SHIPPING_OPERATOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const CUSTOMER_LEVELS = ['REGULAR', 'VIP', 'PROMOTER'] as const;
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];

/** Roles that act on other people's data (staff). */
export const STAFF_ROLES: readonly Role[] = ['OPERATOR', 'STOCK_OPERATOR', 'SHIPPING_OPERATOR', 'ADMIN'];
