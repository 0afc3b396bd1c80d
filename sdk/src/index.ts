// The sdk's only entry point: everything public is re-exported here, from the file defining it.

// receipts
export {
  type Receipt,
  type ReceiptFields,
  type ReceiptKind,
  type ReceiptLeafValues,
  type ReceiptTree,
  receiptAbiParameters,
  receiptKinds,
  receiptLeafEncoding,
} from "./receipts/types.js";
export {
  type BuildReceiptTreeErrorType,
  type BuildReceiptTreeParameters,
  type BuildReceiptTreeReturnType,
  buildReceiptTree,
} from "./receipts/buildReceiptTree.js";
export { type EncodeReceiptErrorType, type EncodeReceiptReturnType, encodeReceipt } from "./receipts/encodeReceipt.js";
export {
  type FromReceiptFieldsErrorType,
  type FromReceiptFieldsReturnType,
  fromReceiptFields,
} from "./receipts/fromReceiptFields.js";
export {
  type FromReceiptLeafValuesErrorType,
  type FromReceiptLeafValuesReturnType,
  fromReceiptLeafValues,
} from "./receipts/fromReceiptLeafValues.js";
export {
  type GetReceiptBatchErrorType,
  type GetReceiptBatchParameters,
  type GetReceiptBatchReturnType,
  type ReceiptBatch,
  getReceiptBatch,
} from "./receipts/getReceiptBatch.js";
export {
  type GetReceiptProofErrorType,
  type GetReceiptProofParameters,
  type GetReceiptProofReturnType,
  getReceiptProof,
} from "./receipts/getReceiptProof.js";
export { type HashReceiptErrorType, type HashReceiptReturnType, hashReceipt } from "./receipts/hashReceipt.js";
export {
  type InvalidReceiptTreeDataErrorType,
  type LoadReceiptTreeErrorType,
  type LoadReceiptTreeParameters,
  type LoadReceiptTreeReturnType,
  type ReceiptTreeData,
  InvalidReceiptTreeDataError,
  loadReceiptTree,
} from "./receipts/loadReceiptTree.js";
export {
  type ProcessProofErrorType,
  type ProcessProofParameters,
  type ProcessProofReturnType,
  processProof,
} from "./receipts/processProof.js";
export {
  type ToReceiptFieldsErrorType,
  type ToReceiptFieldsReturnType,
  toReceiptFields,
} from "./receipts/toReceiptFields.js";
export {
  type ToReceiptLeafValuesErrorType,
  type ToReceiptLeafValuesReturnType,
  toReceiptLeafValues,
} from "./receipts/toReceiptLeafValues.js";
export {
  type VerifyReceiptErrorType,
  type VerifyReceiptParameters,
  type VerifyReceiptReturnType,
  verifyReceipt,
} from "./receipts/verifyReceipt.js";
export {
  type VerifyReceiptOnChainErrorType,
  type VerifyReceiptOnChainParameters,
  type VerifyReceiptOnChainReturnType,
  verifyReceiptOnChain,
} from "./receipts/verifyReceiptOnChain.js";

// contracts
export type {
  ContractAbi,
  ContractName,
  DeployedChainId,
  DeployedContract,
  DeployedContracts,
} from "./contracts/types.js";
export {
  type DcxClient,
  type GetDcxContractErrorType,
  type GetDcxContractParameters,
  type GetDcxContractReturnType,
  getDcxContract,
} from "./contracts/getDcxContract.js";
export {
  type GetDeployedContractErrorType,
  type GetDeployedContractParameters,
  type GetDeployedContractReturnType,
  getDeployedContract,
} from "./contracts/getDeployedContract.js";
export {
  type ResolveContractAddressErrorType,
  type ResolveContractAddressParameters,
  type ResolveContractAddressReturnType,
  resolveContractAddress,
} from "./contracts/resolveContractAddress.js";
export * from "./generated/abis.js";
export { deployedContracts } from "./generated/deployedContracts.js";

// chains
export { hardhat } from "./chains/hardhat.js";

// utils
export {
  type Bytes32ToStringErrorType,
  type Bytes32ToStringReturnType,
  bytes32ToString,
} from "./utils/bytes32ToString.js";
export { type IsContractRevertReturnType, isContractRevert } from "./utils/isContractRevert.js";
export {
  type StringToBytes32ErrorType,
  type StringToBytes32ReturnType,
  stringToBytes32,
} from "./utils/stringToBytes32.js";

// errors
export { type BaseErrorParameters, type BaseErrorType, BaseError } from "./errors/base.js";
export { type ContractNotDeployedErrorType, ContractNotDeployedError } from "./errors/contract.js";
export {
  type BatchEventNotFoundErrorType,
  type BatchNotFoundErrorType,
  type EmptyReceiptTreeErrorType,
  type InvalidProofErrorType,
  type InvalidReceiptErrorType,
  type ReceiptNotInTreeErrorType,
  BatchEventNotFoundError,
  BatchNotFoundError,
  EmptyReceiptTreeError,
  InvalidProofError,
  InvalidReceiptError,
  ReceiptNotInTreeError,
} from "./errors/receipt.js";
export {
  type InvalidShortStringErrorType,
  type ShortStringTooLongErrorType,
  InvalidShortStringError,
  maxShortStringBytes,
  ShortStringTooLongError,
} from "./errors/shortString.js";
export { version } from "./errors/version.js";
