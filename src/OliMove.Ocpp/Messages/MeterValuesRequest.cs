using Newtonsoft.Json;

namespace OliMove.Ocpp.Messages;

/// <summary>Payload of OCPP 1.6 MeterValues request; generated from the official schemas.</summary>
public sealed record MeterValuesRequest : IOcppRequest<MeterValuesRequest, MeterValuesResponse>
{
    public static string Action => "MeterValues";

    [JsonProperty("connectorId", Required = Required.Always)]
    public required int ConnectorId { get; init; }

    [JsonProperty("transactionId", NullValueHandling = NullValueHandling.Ignore)]
    public int? TransactionId { get; init; }

    [JsonProperty("meterValue", Required = Required.Always)]
    public required IReadOnlyList<MeterValue> MeterValue { get; init; }
}
