import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import {
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from "class-validator";
import { lbAlgorithms, placementAlgorithms } from "../types.js";

/** `PUT /bookings/:id/compute/workload`: the built-in workload's parameters, or a command. */
export class WorkloadSpecDto {
  @ApiProperty({ enum: ["builtin", "command"] }) @IsIn(["builtin", "command"]) readonly kind: "builtin" | "command";

  @ApiPropertyOptional({ description: "builtin: wait per request (ms)", minimum: 0, maximum: 60_000 })
  @ValidateIf((o: WorkloadSpecDto) => o.kind === "builtin")
  @IsNumber()
  @Min(0)
  @Max(60_000)
  readonly serviceTimeMs?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 60_000 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(60_000)
  readonly serviceTimeJitterMs?: number;
  @ApiPropertyOptional({ description: "builtin: busy CPU per request (ms)", minimum: 0, maximum: 10_000 })
  @ValidateIf((o: WorkloadSpecDto) => o.kind === "builtin")
  @IsNumber()
  @Min(0)
  @Max(10_000)
  readonly cpuMsPerRequest?: number;
  @ApiPropertyOptional({ description: "builtin: resident memory (MiB), at most the resource's memory", minimum: 0 })
  @ValidateIf((o: WorkloadSpecDto) => o.kind === "builtin")
  @IsInt()
  @Min(0)
  readonly memoryMb?: number;
  @ApiPropertyOptional({ description: "builtin: share of requests answered 500", minimum: 0, maximum: 1 })
  @ValidateIf((o: WorkloadSpecDto) => o.kind === "builtin")
  @IsNumber()
  @Min(0)
  @Max(1)
  readonly failureRate?: number;

  @ApiPropertyOptional({ description: "command: absolute path or a name on PATH (run without a shell)" })
  @ValidateIf((o: WorkloadSpecDto) => o.kind === "command")
  @IsString()
  @MaxLength(4_096)
  readonly command?: string;
  @ApiPropertyOptional({ type: [String] })
  @ValidateIf((o: WorkloadSpecDto) => o.kind === "command")
  @IsArray()
  @IsString({ each: true })
  readonly args?: string[];
  @ApiPropertyOptional({ type: "object", additionalProperties: { type: "string" } })
  @IsOptional()
  @IsObject()
  readonly env?: Record<string, string>;
  @ApiPropertyOptional({ description: "Variable carrying the port (default PORT)" })
  @IsOptional()
  @IsString()
  readonly portEnv?: string;
  @ApiPropertyOptional({ description: "Health path (default /)" })
  @IsOptional()
  @IsString()
  readonly healthPath?: string;
}

export class AlgorithmDto {
  @ApiPropertyOptional({
    enum: lbAlgorithms,
    description: "Load balancing algorithm (also placement's, when it is one)",
  })
  @IsOptional()
  @IsIn([...lbAlgorithms])
  readonly algorithm?: (typeof lbAlgorithms)[number];
  @ApiPropertyOptional({ enum: placementAlgorithms, description: "Task placement algorithm" })
  @IsOptional()
  @IsIn([...placementAlgorithms])
  readonly placement?: (typeof placementAlgorithms)[number];
}

export class ScalerDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  readonly targetCpuPercent?: number;
  @ApiPropertyOptional({ minimum: 0.1, maximum: 10_000 })
  @IsOptional()
  @IsNumber()
  @Min(0.1)
  @Max(10_000)
  readonly targetInFlight?: number;
  @ApiPropertyOptional({ minimum: 1, description: "At least 1" }) @IsOptional() @IsInt() @Min(1) readonly min?: number;
  @ApiPropertyOptional({ minimum: 1, description: "At most the resource's capacity" })
  @IsOptional()
  @IsInt()
  @Min(1)
  readonly max?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 3_600_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  readonly scaleDownWindowMs?: number;
}

export class TaskRequestDto {
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(1_000_000) readonly cpuMillicores: number;
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(1_048_576) readonly memoryMb: number;
  @ApiProperty({ minimum: 1, maximum: 86_400_000 }) @IsInt() @Min(1) @Max(86_400_000) readonly durationMs: number;
  @ApiPropertyOptional({ description: "Must finish within this many ms of submission", minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  readonly deadlineMs?: number;
}
