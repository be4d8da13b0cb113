using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OliMove.Chain.Tests;

/// <summary>anvil's own RPC methods (reorg, mining, pool, gas limit), for tests that make a dev chain behave like a real one.</summary>
internal sealed class AnvilControl(string rpcUrl) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Replaces the last <paramref name="depth"/> blocks by empty ones: their transactions are gone.</summary>
    public Task ReorgAsync(int depth) => CallAsync("anvil_reorg", depth, Array.Empty<object>());

    public Task SetAutomineAsync(bool on) => CallAsync("anvil_setAutomine", on);

    public Task MineAsync(int blocks = 1) => CallAsync("anvil_mine", Hex(blocks));

    public Task SetBlockGasLimitAsync(long gas) => CallAsync("anvil_setBlockGasLimit", Hex(gas));

    public void Dispose() => _http.Dispose();

    private static string Hex(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private async Task CallAsync(string method, params object[] parameters)
    {
        using var response = await _http.PostAsJsonAsync(rpcUrl, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (body.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method} failed: {error}");
        }
    }
}
