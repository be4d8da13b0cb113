namespace OliMove.Chain;

/// <summary>OCPP 1.6 ChargePointStatus text (§7.7) to the status code of SC1 and SC2; anything else is Unknown.</summary>
public static class AssetStatusCodes
{
    public static AssetStatusCode FromOcpp(string? status) =>
        status is { Length: > 0 } && char.IsLetter(status[0]) && Enum.TryParse<AssetStatusCode>(status, ignoreCase: false, out var code)
            ? code
            : AssetStatusCode.Unknown;
}
