import { Controller, Get, Inject, Param, Query } from "@nestjs/common";
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from "@nestjs/swagger";
import { Public } from "../../auth/public.decorator.js";
import { ErrorResponseDto } from "../../common/dto/error-response.dto.js";
import { NoQueryDto } from "../../common/dto/no-query.dto.js";
import type { Page } from "../../common/dto/pagination.dto.js";
import { ParseIdPipe } from "../../common/pipes/parse-id.pipe.js";
import { ListReceiptBatchesQueryDto } from "./dto/list-receipt-batches-query.dto.js";
import { ReceiptBatchDto, ReceiptBatchPageDto } from "./dto/receipt-batch.dto.js";
import { ReceiptsService } from "./receipts.service.js";

@ApiTags("receipts")
@Controller("receipts")
export class ReceiptsController {
  constructor(@Inject(ReceiptsService) private readonly receipts: ReceiptsService) {}

  @Get("batches")
  @Public()
  @ApiOperation({ summary: "Anchored receipt batches, newest first." })
  @ApiOkResponse({ type: ReceiptBatchPageDto })
  @ApiBadRequestResponse({ description: "A filter or page parameter is invalid, or unknown.", type: ErrorResponseDto })
  listBatches(@Query() query: ListReceiptBatchesQueryDto): Promise<Page<ReceiptBatchDto>> {
    return this.receipts.listBatches(query);
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
}
