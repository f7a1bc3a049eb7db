export interface Item {
  readonly sku: string;
  /** Euros. */
  readonly price: number;
}

const coupons = new Map<string, number>([['TEN', 0.1]]);

export class Cart {
  readonly items: Item[] = [];
  private discount = 0;

  add(item: Item): void {
    this.items.push(item);
  }

  async applyCoupon(code: string): Promise<void> {
    this.discount = (await Promise.resolve(coupons.get(code))) ?? 0;
  }

  total(): number {
    const gross = this.items.reduce((total, item) => total + item.price, 0);
    return Math.round(gross * (1 - this.discount) * 100) / 100;
  }
}

export function sum(...amounts: number[]): number {
  return amounts.reduce((total, amount) => total + amount, 0);
}
