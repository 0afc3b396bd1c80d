import { ApiProperty } from "@nestjs/swagger";
import { PageDtoOf } from "../../../common/dto/pagination.dto.js";
import { ProviderRecordDto } from "../../providers/dto/provider.dto.js";

/** The service level promised for a resource, checked per period on-chain. */
export class SlaTermsDto {
  @ApiProperty({ example: 9900, description: "Uptime target, basis points." }) readonly uptimeTargetBps: number;
  @ApiProperty({ example: 1000, description: "Share of a violated period's earnings refunded, basis points." })
  readonly penaltyBps: number;
  @ApiProperty({ example: 200, description: "Bound on the p95 latency, milliseconds." }) readonly p95LatencyMs: number;
  @ApiProperty({ example: 300, description: "SLA period length, seconds." }) readonly periodLength: number;
}

export class ResourceDto {
  @ApiProperty({ example: 1 }) readonly id: number;
  @ApiProperty({ example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" }) readonly provider: string;
  @ApiProperty({ example: "eu-west-1" }) readonly region: string;
  @ApiProperty({ example: 2000 }) readonly cpuMillicores: number;
  @ApiProperty({ example: 4096 }) readonly memoryMb: number;
  @ApiProperty({ example: 50 }) readonly storageGb: number;
  @ApiProperty({ example: 0 }) readonly gpuCount: number;
  @ApiProperty({ example: 4, description: "Bookings it can serve at once." }) readonly capacity: number;
  @ApiProperty({ example: 1, description: "Open bookings holding a slot." }) readonly inUse: number;
  @ApiProperty({ example: "100000000000000", description: "Wei per second (decimal string)." })
  readonly pricePerSecond: string;
  @ApiProperty({ example: "360000000000000000", description: "Wei per hour (pricePerSecond × 3600)." })
  readonly pricePerHour: string;
  @ApiProperty({ description: "Listed as active by its provider." }) readonly active: boolean;
  @ApiProperty({ description: "Bookable now: active, provider registered, and inUse < capacity." })
  readonly available: boolean;
  @ApiProperty({ example: 5000, description: "The provider's reputation, basis points." })
  readonly providerReputationBps: number;
  @ApiProperty({ type: SlaTermsDto }) readonly sla: SlaTermsDto;
  @ApiProperty({ example: 1_760_000_000, description: "Listing time (chain seconds)." }) readonly listedAt: number;
  @ApiProperty({ example: 42, description: "Block of the last change." }) readonly updatedBlock: number;
}

/** `GET /resources/:id`: the listing, its provider's record and how often it was booked. */
export class ResourceDetailDto extends ResourceDto {
  @ApiProperty({ type: ProviderRecordDto }) readonly providerRecord: ProviderRecordDto;
  @ApiProperty({ example: 3, description: "Bookings ever made of this resource." }) readonly bookingsCount: number;
}

export class ResourcePageDto extends PageDtoOf(ResourceDto) {}
