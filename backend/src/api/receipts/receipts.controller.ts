import { BadRequestException, Controller, Get, Inject, Param, Query } from "@nestjs/common";
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from "@nestjs/swagger";
import { Public } from "../../auth/public.decorator.js";
import { ErrorResponseDto } from "../../common/dto/error-response.dto.js";
import { NoQueryDto } from "../../common/dto/no-query.dto.js";
import type { Page } from "../../common/dto/pagination.dto.js";
import { ParseIdPipe } from "../../common/pipes/parse-id.pipe.js";
import { PaginationQueryDto } from "../../common/dto/pagination.dto.js";
import { ListReceiptBatchesQueryDto } from "./dto/list-receipt-batches-query.dto.js";
import { ListReceiptsQueryDto } from "./dto/list-receipts-query.dto.js";
import {
  ReceiptPageDto,
  ReceiptProofDto,
  ReceiptTreePageDto,
  UnanchoredReportDto,
  type ReceiptSummaryDto,
} from "./dto/receipt.dto.js";
import { ReceiptBatchDto, ReceiptBatchPageDto } from "./dto/receipt-batch.dto.js";
import { ReceiptSchedulerDto } from "./dto/receipt-scheduler.dto.js";
import { ReceiptSchedulersService } from "./receipt-schedulers.service.js";
import { ReceiptsService } from "./receipts.service.js";

@ApiTags("receipts")
@Controller("receipts")
export class ReceiptsController {
  constructor(
    @Inject(ReceiptsService) private readonly receipts: ReceiptsService,
    @Inject(ReceiptSchedulersService) private readonly schedulers: ReceiptSchedulersService,
  ) {}

  @Get("batches")
  @Public()
  @ApiOperation({ summary: "Anchored receipt batches, newest first." })
  @ApiOkResponse({ type: ReceiptBatchPageDto })
  @ApiBadRequestResponse({ description: "A filter or page parameter is invalid, or unknown.", type: ErrorResponseDto })
  listBatches(@Query() query: ListReceiptBatchesQueryDto): Promise<Page<ReceiptBatchDto>> {
    return this.receipts.listBatches(query);
  }

  @Get("batches/:id/receipts")
  @Public()
  @ApiOperation({
    summary: "This node's receipts of one batch, in tree order (what an anchored batch's `uri` points at).",
  })
  @ApiParam({ name: "id", description: "On-chain batch id (decimal) or the batch's root (0x + 64 hex digits)." })
  @ApiOkResponse({ type: ReceiptTreePageDto })
  @ApiBadRequestResponse({
    description: "The id is neither a batch id nor a root, or a page parameter is invalid.",
    type: ErrorResponseDto,
  })
  @ApiNotFoundResponse({ description: "No receipts of that batch on this node.", type: ErrorResponseDto })
  listBatchReceipts(@Param("id") id: string, @Query() query: PaginationQueryDto): Promise<ReceiptTreePageDto> {
    return this.receipts.listBatchReceipts(id, query);
  }

  @Get("batches/:id")
  @Public()
  @ApiOperation({ summary: "One anchored batch: root, count, time range, chain link, transaction." })
  @ApiParam({ name: "id", description: "Batch id (decimal, from 1).", example: "1" })
  @ApiOkResponse({ type: ReceiptBatchDto })
  @ApiBadRequestResponse({ description: "The id is not a decimal integer up to 2^63 − 1.", type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: "No such batch.", type: ErrorResponseDto })
  getBatch(@Param("id", ParseIdPipe) id: string, @Query() _query: NoQueryDto): Promise<ReceiptBatchDto> {
    return this.receipts.getBatch(id);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: "This node's scheduling receipts, newest first, with their status." })
  @ApiOkResponse({ type: ReceiptPageDto })
  @ApiBadRequestResponse({ description: "A filter or page parameter is invalid, or unknown.", type: ErrorResponseDto })
  listReceipts(@Query() query: ListReceiptsQueryDto): Promise<Page<ReceiptSummaryDto>> {
    return this.receipts.listReceipts(query);
  }

  @Get("unanchored")
  @Public()
  @ApiOperation({
    summary: "Receipts stored unanchored (no scheduler key of this node serves their provider), per provider.",
  })
  @ApiOkResponse({ type: [UnanchoredReportDto] })
  unanchored(@Query() _query: NoQueryDto): Promise<UnanchoredReportDto[]> {
    return this.receipts.unanchored();
  }

  @Get("schedulers")
  @Public()
  @ApiOperation({
    summary:
      "This node's scheduler keys (addresses) and the provider each is authorized for on-chain, or null: a provider authorizes one to have its receipts anchored.",
  })
  @ApiOkResponse({ type: [ReceiptSchedulerDto] })
  @ApiBadRequestResponse({ description: "A query parameter was given (there are none).", type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ description: "The chain could not be read.", type: ErrorResponseDto })
  listSchedulers(@Query() _query: NoQueryDto): Promise<ReceiptSchedulerDto[]> {
    return this.schedulers.list();
  }

  @Get(":id")
  @Public()
  @ApiOperation({ summary: "One receipt with its Merkle proof, root, batch and anchoring transaction." })
  @ApiParam({ name: "id", description: "The decision id: 0x + 64 hex digits." })
  @ApiOkResponse({ type: ReceiptProofDto })
  @ApiBadRequestResponse({ description: "The id is not 32 bytes of hex.", type: ErrorResponseDto })
  @ApiNotFoundResponse({
    description: "No such receipt on this node (yet: receipts are stored when their batch closes).",
    type: ErrorResponseDto,
  })
  getReceipt(@Param("id") id: string, @Query() _query: NoQueryDto): Promise<ReceiptProofDto> {
    if (!/^0x[0-9a-fA-F]{64}$/.test(id))
      throw new BadRequestException("id must be a decision id: 0x followed by 64 hex digits");
    return this.receipts.getReceipt(id.toLowerCase());
  }
}
