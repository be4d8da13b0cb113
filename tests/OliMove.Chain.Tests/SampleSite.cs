namespace OliMove.Chain.Tests;

internal static class SampleSite
{
    public static SiteAssets Assets { get; } = new(
        [
            new ChargePointRegistration("cp-1", "DE*OLI*E1", 22_000, 0, "AC 3x32A", "Type2", AssetStatusCode.Available, "garage-a"),
            new ChargePointRegistration("cp-2", "DE*OLI*E2", 22_000, 0, "AC 3x32A", "Type2", AssetStatusCode.Available, "garage-a"),
            new ChargePointRegistration("cp-3", "DE*OLI*E3", 11_000, 0, "AC 3x16A", "Type2", AssetStatusCode.Unavailable, "garage-b"),
        ],
        [new PvInverterRegistration("pv-roof", 30_000, "garage-a")],
        [new BatteryRegistration("bat-1", 50_000, 20_000, 25_000, "garage-a")]);

    public static string Hex(byte seed) => "0x" + Convert.ToHexString(Enumerable.Repeat(seed, 32).ToArray());

    public static SlotStatusPayload Slot(ulong slotId, uint algorithmVersion = 1) => new(
        slotId,
        algorithmVersion,
        Hex((byte)(slotId % 251)),
        Hex((byte)(slotId % 241)),
        [
            new AssetStatusRow("cp-1", AssetStatusCode.Charging, 11_000, 10_870, 12_000, 3_600),
            new AssetStatusRow("cp-2", AssetStatusCode.SuspendedEVSE, 0, 0, 5_000, 7_200),
            new AssetStatusRow("pv-roof", AssetStatusCode.Available, 0, 18_400, 0, 0),
            new AssetStatusRow("bat-1", AssetStatusCode.Available, -5_000, -4_950, 0, 0),
        ]);

    public static SettlementPayload Settlement(string sessionKey, string user, long energyWh = 10_000, long flexWhH = 5_000) =>
        new(sessionKey, user, energyWh, flexWhH);

    public static string NewUser() => Nethereum.Signer.EthECKey.GenerateKey().GetPublicAddress();
}
