import { memo } from 'react';
import { downloadText } from '../download';

/**
 * A picture the report library drew (the same SVG the server puts in reports), with Download SVG. The
 * library escapes every text it writes, so its markup is inserted as is.
 */
export const SvgPicture = memo(function SvgPicture({
  svg,
  fileName,
  label,
  testId,
}: {
  svg: string;
  fileName: string;
  label: string;
  testId?: string;
}) {
  return (
    <figure className="picture" data-testid={testId}>
      <figcaption className="toolbar">
        <span>{label}</span>
        <button type="button" onClick={() => downloadText(fileName, svg, 'image/svg+xml')}>
          Download SVG
        </button>
      </figcaption>
      <div className="svg-frame" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
    </figure>
  );
});
