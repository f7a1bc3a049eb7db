import { beforeEach, describe, expect, test } from '@jest/globals';
import { Cart, sum } from './cart';
describe('Cart', () => {
  let cart: Cart;

  beforeEach(() => {
    cart = new Cart();
  });

  test('adds an item', () => {
    cart.add({ sku: 'A1', price: 100 });
    expect(cart.items).toHaveLength(1);
  });

  describe('totals', () => {
    beforeEach(() => {
      cart.add({ sku: 'A1', price: 60 });
      cart.add({ sku: 'B2', price: 40 });
    });

    // Coupons and rounding below depend on this sum.
    test('sums the prices', () => {
      expect(cart.total()).toBe(100);
    });

    test('applies a coupon', async () => {
      // The coupon service answers from a shared cache that another
      // test file may clear at the same moment.
      await cart.applyCoupon('TEN');
      const total = cart.total();
      expect(cart.total()).toBe(90);
      expect(total).toBeLessThan(100);
    });

    test('rounds to cents', () => {
      // Prices are kept in euros for the display.
      const total = sum(0.1, 0.2);
      expect(sum(0.1, 0.2)).toBeCloseTo(0.3);
      expect(total).toBeGreaterThan(0);
    });
  });
});
