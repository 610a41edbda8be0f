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
};

export const createCustomerInput = z.object(customerFields);
export type CreateCustomerInput = z.output<typeof createCustomerInput>;

export const updateCustomerInput = z
  .object(customerFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: bi('没有要修改的字段', 'Nothing to update') });
