import { Empty } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface ComplianceBar {
  key: string;
  label: string;
  compliance: number | null;
}

/** Horizontal bars of SLA compliance per group (0–100 %); a click picks the group. */
export default function ComplianceChart({
  rows,
  onPick,
}: {
  rows: ComplianceBar[];
  onPick?: (key: string) => void;
}) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const height = Math.max(160, rows.length * 34 + 40);

  useEffect(() => {
    if (!el.current || rows.length === 0) return;
    const chart = echarts.init(el.current);
    // Top of the list at the top of the chart.
    const data = [...rows].reverse();
    chart.setOption({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—'),
      },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        data: data.map((r) => r.label || r.key),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('slaReport.compliance'),
          data: data.map((r) => ({
            value: r.compliance === null ? null : Math.round(r.compliance * 1000) / 10,
            itemStyle: {
              color: '#1677ff',
              borderRadius: [0, 4, 4, 0],
            },
          })),
          barMaxWidth: 22,
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${p.value}%` : '—'),
          },
        },
      ],
    });
    chart.on('click', (p) => {
      const r = data[p.dataIndex];
      if (r && onPick) onPick(r.key);
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [rows, t, onPick]);

  if (rows.length === 0) return <Empty description={t('common.noData')} />;
  return <div ref={el} style={{ width: '100%', height }} data-testid="compliance-chart" />;
}
