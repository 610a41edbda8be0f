import { z } from 'zod';
import { bi, zLocation, zMobile } from '../shared/validate';

export const AREA_CLASSES = ['urban', 'suburban', 'rural'] as const;

export const customerFields = {
  name: z
    .string()
    .trim()
    .min(1, { error: bi('姓名不能为空', 'Name is required') })
    .max(100, { error: bi('姓名不超过 100 字', 'Name is at most 100 characters') }),
  phone: zMobile,
  address: z.string().trim().min(2).max(300).optional(),
  city: z.string().trim().max(50).optional(),
  district: z.string().trim().max(50).optional(),
  areaClass: z.enum(AREA_CLASSES).optional(),
  location: zLocation.optional(),
  groupCode: z.string().trim().max(50).optional(),
  /** PRC resident ID (18 characters, GB 11643 check digit). */
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isValidResidentId, { error: bi('身份证号码无效', 'Invalid resident ID number') })
    .optional(),
};

/** GB 11643-1999: 17 digits + check character (0-9 or X) from the weighted sum mod 11. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i];
  return '10X98765432'[sum % 11] === id[17];
}

export const createCustomerInput = z.object(customerFields);
export type CreateCustomerInput = z.output<typeof createCustomerInput>;

export const updateCustomerInput = z
  .object(customerFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: bi('没有要修改的字段', 'Nothing to update') });
