using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.rates: tariff, token rate and the per-session minting bounds.</summary>
[Function("rates", typeof(RatesOutput))]
public sealed class RatesFunction : FunctionMessage;
