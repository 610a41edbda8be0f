import { Image, Space } from 'antd';
import type { Attachment } from './types';

/** Photo thumbnails with a click-to-enlarge preview. */
export function AttachmentThumbs({ items }: { items: Attachment[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} data-testid="attachments">
        {items.map((a) => (
          <Image
            key={a.id}
            src={a.url}
            alt={a.filename}
            width={88}
            height={88}
            style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0' }}
            data-testid="attachment-thumb"
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
