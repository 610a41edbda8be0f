import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile, type UploadProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../features/requests/types';
import { ApiError, api } from '../../shared/api-client';
import { errorText } from '../../shared/components';

export const MAX_PHOTOS = 9;

/** Photo picker: each photo is uploaded at once (POST /api/v1/attachments) and shown as a thumbnail. */
export function PhotoUpload(props: {
  value: UploadFile<Attachment>[];
  onChange: (files: UploadFile<Attachment>[]) => void;
}) {
  const { t } = useTranslation();
  const customRequest: UploadProps<Attachment>['customRequest'] = async (opt) => {
    const fd = new FormData();
    fd.append('file', opt.file as Blob, (opt.file as File).name);
    try {
      const res = await api.post<Attachment>('/api/v1/attachments', fd);
      opt.onSuccess?.(res);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err));
      opt.onError?.(Object.assign(new Error(errorText(e, t)), { status: e.status }));
    }
  };
  return (
    <Upload<Attachment>
      listType="picture-card"
      accept="image/jpeg,image/png,image/webp"
      multiple
      fileList={props.value}
      customRequest={customRequest}
      onChange={({ fileList }) =>
        props.onChange(
          // antd shows a failed item's `response` string as its tooltip: the server's message.
          fileList.map((f) =>
            f.status === 'error' ? { ...f, response: f.error?.message } : f,
          ) as UploadFile<Attachment>[],
        )
      }
      showUploadList={{ showPreviewIcon: false }}
      data-testid="photo-upload"
    >
      {props.value.length >= MAX_PHOTOS ? null : (
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
          <PlusOutlined />
          <div style={{ marginTop: 8 }}>{t('portalRequests.report.addPhoto')}</div>
        </button>
      )}
    </Upload>
  );
}
