namespace OliMove.Modbus.Tests;

/// <summary>
/// A vendor meter on real Modbus TCP: answers FC 3 and FC 4 from a register bank a test fills (one bank per
/// table), exception 02 for an address it does not hold. Counts requests so a test can see how it was read.
/// </summary>
public sealed class RegisterBankServer : IAsyncDisposable
{
    private readonly ScriptedModbusServer _server;
    private int _requests;

    public RegisterBankServer()
    {
        _server = new ScriptedModbusServer(Answer);
    }

    public Dictionary<int, ushort> Holding { get; } = [];

    public Dictionary<int, ushort> Input { get; } = [];

    public int Port => _server.Port;

    public int RequestCount => Volatile.Read(ref _requests);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private byte[] Answer(MbapHeader header, byte[] pdu)
    {
        Interlocked.Increment(ref _requests);
        var function = pdu[0];
        var bank = function == 0x03 ? Holding : function == 0x04 ? Input : null;
        var address = (pdu[1] << 8) | pdu[2];
        var count = (pdu[3] << 8) | pdu[4];
        if (bank is null || Enumerable.Range(address, count).Any(a => !bank.ContainsKey(a)))
        {
            return ScriptedModbusServer.Frame(header.TransactionId, header.UnitId, (byte)(function | 0x80), 0x02);
        }

        var reply = new byte[2 + (2 * count)];
        reply[0] = function;
        reply[1] = (byte)(2 * count);
        for (var i = 0; i < count; i++)
        {
            reply[2 + (2 * i)] = (byte)(bank[address + i] >> 8);
            reply[3 + (2 * i)] = (byte)bank[address + i];
        }

        return ScriptedModbusServer.Frame(header.TransactionId, header.UnitId, reply);
    }
}
