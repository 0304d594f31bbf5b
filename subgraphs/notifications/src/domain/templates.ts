import type { MoneyPayload } from '../events/types.js';

export type Locale = 'EN' | 'ZH' | 'RU';
export type NotificationKind =
  | 'ACCOUNT_WELCOME'
  | 'ORDER_PAID'
  | 'ORDER_SHIPPED'
  | 'ORDER_CANCELED'
  | 'REFUND_SUCCEEDED'
  | 'REFUND_FAILED'
  | 'CLASS_REGISTERED'
  | 'WAITLIST_OFFERED';

/** Values a template may use; each kind uses its own subset. */
export interface TemplateData {
  name?: string;
  orderId?: string;
  reason?: string | null;
  amount?: MoneyPayload;
  swimmerName?: string;
  classTitle?: string;
  startsAt?: string;
  holdUntil?: string;
}

type Template = (d: TemplateData) => { title: string; body: string };

const money = (m?: MoneyPayload) => (m ? `${(m.amount / 100).toFixed(2)} ${m.currency}` : '');
const short = (id?: string) => (id ? id.slice(0, 8) : '');
const when = (iso?: string) => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '');

/** Texts per kind and locale. A missing locale falls back to English. */
const TEMPLATES: Record<NotificationKind, Record<Locale, Template>> = {
  ACCOUNT_WELCOME: {
    EN: (d) => ({ title: 'Welcome', body: `Hello ${d.name}, your account is ready.` }),
    ZH: (d) => ({ title: '欢迎', body: `${d.name}，您好，您的账户已创建。` }),
    RU: (d) => ({ title: 'Добро пожаловать', body: `Здравствуйте, ${d.name}! Ваш аккаунт создан.` }),
  },
  ORDER_PAID: {
    EN: (d) => ({ title: 'Order paid', body: `We received the payment for order ${short(d.orderId)}.` }),
    ZH: (d) => ({ title: '订单已支付', body: `我们已收到订单 ${short(d.orderId)} 的付款。` }),
    RU: (d) => ({ title: 'Заказ оплачен', body: `Мы получили оплату заказа ${short(d.orderId)}.` }),
  },
  ORDER_SHIPPED: {
    EN: (d) => ({ title: 'Order shipped', body: `Order ${short(d.orderId)} is on its way.` }),
    ZH: (d) => ({ title: '订单已发货', body: `订单 ${short(d.orderId)} 已发出。` }),
    RU: (d) => ({ title: 'Заказ отправлен', body: `Заказ ${short(d.orderId)} в пути.` }),
  },
  ORDER_CANCELED: {
    EN: (d) => ({ title: 'Order cancelled', body: `Order ${short(d.orderId)} was cancelled${d.reason ? `: ${d.reason}` : '.'}` }),
    ZH: (d) => ({ title: '订单已取消', body: `订单 ${short(d.orderId)} 已取消${d.reason ? `：${d.reason}` : '。'}` }),
    RU: (d) => ({ title: 'Заказ отменён', body: `Заказ ${short(d.orderId)} отменён${d.reason ? `: ${d.reason}` : '.'}` }),
  },
  REFUND_SUCCEEDED: {
    EN: (d) => ({ title: 'Refund completed', body: `${money(d.amount)} for order ${short(d.orderId)} was refunded.` }),
    ZH: (d) => ({ title: '退款成功', body: `订单 ${short(d.orderId)} 的 ${money(d.amount)} 已退款。` }),
    RU: (d) => ({ title: 'Возврат выполнен', body: `${money(d.amount)} по заказу ${short(d.orderId)} возвращены.` }),
  },
  REFUND_FAILED: {
    EN: (d) => ({ title: 'Refund failed', body: `The refund of ${money(d.amount)} for order ${short(d.orderId)} failed${d.reason ? `: ${d.reason}` : '.'}` }),
    ZH: (d) => ({ title: '退款失败', body: `订单 ${short(d.orderId)} 的 ${money(d.amount)} 退款失败${d.reason ? `：${d.reason}` : '。'}` }),
    RU: (d) => ({ title: 'Возврат не выполнен', body: `Возврат ${money(d.amount)} по заказу ${short(d.orderId)} не выполнен${d.reason ? `: ${d.reason}` : '.'}` }),
  },
  CLASS_REGISTERED: {
    EN: (d) => ({ title: 'Class booked', body: `${d.swimmerName} is registered for ${d.classTitle} on ${when(d.startsAt)}.` }),
    ZH: (d) => ({ title: '课程报名成功', body: `${d.swimmerName} 已报名 ${d.classTitle}，上课时间 ${when(d.startsAt)}。` }),
    RU: (d) => ({ title: 'Запись на занятие', body: `${d.swimmerName} записан(а) на «${d.classTitle}», ${when(d.startsAt)}.` }),
  },
  WAITLIST_OFFERED: {
    EN: (d) => ({ title: 'A seat is free', body: `A seat in ${d.classTitle} is held for ${d.swimmerName} until ${when(d.holdUntil)}.` }),
    ZH: (d) => ({ title: '有空位了', body: `${d.classTitle} 为 ${d.swimmerName} 保留了一个名额，保留至 ${when(d.holdUntil)}。` }),
    RU: (d) => ({ title: 'Освободилось место', body: `Место на «${d.classTitle}» для ${d.swimmerName} забронировано до ${when(d.holdUntil)}.` }),
  },
};

export function render(kind: NotificationKind, locale: string, data: TemplateData): { title: string; body: string } {
  const byLocale = TEMPLATES[kind];
  return (byLocale[locale as Locale] ?? byLocale.EN)(data);
}
