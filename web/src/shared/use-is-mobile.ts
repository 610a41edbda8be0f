import { Grid } from 'antd';

/** Phone-sized viewport (below antd's md breakpoint, 768px). */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}
