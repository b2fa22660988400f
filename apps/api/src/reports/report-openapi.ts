import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreatedReportDto, CreateReportBody } from '@hookpath/contracts';

export class CreateReportBodyModel implements CreateReportBody {
  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'days the link works (default HOOKPATH_REPORT_TTL_DAYS, 30)' })
  expiresInDays?: number;
  @ApiPropertyOptional({ maxLength: 200, description: 'default: made from the question' }) title?: string;
}

export class CreatedReportModel implements CreatedReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    example: 'https://hookpath.example.com/r/3qK…',
    description: 'the secret link: shown only here; anyone holding it can read the report',
  })
  url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
