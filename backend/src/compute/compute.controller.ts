import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Put } from "@nestjs/common";
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from "@nestjs/swagger";
import { CurrentSession } from "../auth/current-session.decorator.js";
import type { Session } from "../auth/session.js";
import { ErrorResponseDto } from "../common/dto/error-response.dto.js";
import { ParseIdPipe } from "../common/pipes/parse-id.pipe.js";
import { ComputeService } from "./compute.service.js";
import { AlgorithmDto, ScalerDto, TaskRequestDto, WorkloadSpecDto } from "./dto/compute.dto.js";
import { serialize } from "./serialize.js";

/**
 * A booking's compute: instances, load balancer, auto-scaler, tasks. Its consumer and provider
 * only (session required); a booking this node does not run answers 404.
 */
@ApiTags("compute")
@ApiBearerAuth()
@ApiParam({ name: "id", description: "Booking id (decimal).", example: "1" })
@ApiUnauthorizedResponse({ description: "No session.", type: ErrorResponseDto })
@ApiForbiddenResponse({ description: "Neither the booking's consumer nor its provider.", type: ErrorResponseDto })
@ApiNotFoundResponse({ description: "No such booking, or not running on this node.", type: ErrorResponseDto })
@Controller("bookings/:id")
export class ComputeController {
  constructor(@Inject(ComputeService) private readonly compute: ComputeService) {}

  @Get("compute")
  @Header("Cache-Control", "private, no-store")
  @ApiOperation({ summary: "Endpoint, algorithm, instances with measured stats, load balancer snapshot, scaler state" })
  @ApiOkResponse({ description: "The booking's compute." })
  async get(@Param("id", ParseIdPipe) id: string, @CurrentSession() session: Session): Promise<unknown> {
    return serialize(this.compute.view(id, await this.compute.authorized(id, session)));
  }

  @Put("compute/algorithm")
  @ApiOperation({ summary: "Switch the load balancing and/or task placement algorithm (no request dropped)" })
  @ApiOkResponse({ description: "The algorithms now in use." })
  @ApiBadRequestResponse({ description: "Unknown algorithm.", type: ErrorResponseDto })
  async setAlgorithm(
    @Param("id", ParseIdPipe) id: string,
    @Body() body: AlgorithmDto,
    @CurrentSession() session: Session,
  ): Promise<unknown> {
    return this.compute.setAlgorithm(await this.compute.authorized(id, session), body);
  }

  @Put("compute/workload")
  @ApiOperation({ summary: "Redeploy with another workload: new instances start, then the old ones drain and stop" })
  @ApiOkResponse({ description: "The workload now running." })
  @ApiBadRequestResponse({
    description: "The workload spec cannot run (every problem listed).",
    type: ErrorResponseDto,
  })
  async setWorkload(
    @Param("id", ParseIdPipe) id: string,
    @Body() body: WorkloadSpecDto,
    @CurrentSession() session: Session,
  ): Promise<unknown> {
    return this.compute.setWorkload(await this.compute.authorized(id, session), body);
  }

  @Put("compute/scaler")
  @ApiOperation({ summary: "Change the auto-scaler's targets and bounds (max at most the resource's capacity)" })
  @ApiOkResponse({ description: "The scaler's settings." })
  @ApiBadRequestResponse({ description: "Out of bounds.", type: ErrorResponseDto })
  async setScaler(
    @Param("id", ParseIdPipe) id: string,
    @Body() body: ScalerDto,
    @CurrentSession() session: Session,
  ): Promise<unknown> {
    return this.compute.setScaler(await this.compute.authorized(id, session), body);
  }

  @Get("compute/history")
  @Header("Cache-Control", "private, no-store")
  @ApiOperation({ summary: "Scale events, newest first (the last 200), with the inputs of each decision" })
  @ApiOkResponse({ description: "Scale events." })
  async history(@Param("id", ParseIdPipe) id: string, @CurrentSession() session: Session): Promise<unknown> {
    return { items: (await this.compute.authorized(id, session)).scaleHistory() };
  }

  @Post("tasks")
  @HttpCode(201)
  @ApiOperation({ summary: "Place a task (cpu, memory, duration, deadline) on the booking's instances" })
  @ApiOkResponse({ description: "The task, running or queued." })
  @ApiConflictResponse({ description: "No instance has room now (reason given).", type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    description: "The task can never fit or never meet its deadline.",
    type: ErrorResponseDto,
  })
  async submitTask(
    @Param("id", ParseIdPipe) id: string,
    @Body() body: TaskRequestDto,
    @CurrentSession() session: Session,
  ): Promise<unknown> {
    return this.compute.submitTask(await this.compute.authorized(id, session), body);
  }

  @Get("tasks")
  @Header("Cache-Control", "private, no-store")
  @ApiOperation({ summary: "The booking's tasks, newest first, and the reserved load per instance" })
  @ApiOkResponse({ description: "Tasks and slots." })
  async tasks(@Param("id", ParseIdPipe) id: string, @CurrentSession() session: Session): Promise<unknown> {
    const runtime = await this.compute.authorized(id, session);
    return { algorithm: runtime.placer.algorithm, items: runtime.placer.list(), slots: runtime.placer.snapshot() };
  }
}
