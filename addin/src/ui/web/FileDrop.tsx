// A place to drop a file or click to choose one; the workspace's uploads all start here.
import { Caption1, Text } from '@fluentui/react-components';
import { useState } from 'react';

export function FileDrop({ accept, label, hint, onFile, disabled }: {
  accept: string;
  label: string;
  hint: string;
  onFile(file: File): void;
  disabled?: boolean;
}) {
  const [over, setOver] = useState(false);
  return (
    <label
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
      style={{
        display: 'grid', gap: 4, padding: '18px 12px', textAlign: 'center', cursor: disabled ? 'default' : 'pointer',
        border: `2px dashed ${over ? '#0f6cbd' : '#c7c7c7'}`, borderRadius: 6, background: over ? '#ebf3fc' : '#fafafa',
      }}
    >
      <Text weight="semibold">{label}</Text>
      <Caption1>{hint}</Caption1>
      <input type="file" accept={accept} disabled={disabled} data-input="file" style={{ display: 'none' }}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }} />
    </label>
  );
}

/** Hands bytes to the browser as a file download. */
export function saveAs(bytes: BlobPart, fileName: string, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
