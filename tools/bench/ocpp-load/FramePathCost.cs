using System.Diagnostics;
using System.Globalization;
using System.Text;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;

namespace OliMove.Bench.OcppLoad;

/// <summary>
/// Issue 17, decision 0330: the CPU that reading one MeterValues frame and writing its reply costs in this process, the
/// general way (UTF-8 to string, Newtonsoft tree, schema check, typed request; reply to a tree, schema check, text)
/// against the one-pass way (typed request straight from the bytes; reply text written directly). The frame is the
/// service driver's (five samples). Single-threaded, timed as this process's CPU time, so a loaded machine slows it
/// down but does not inflate it much; the rounds alternate the two ways and the median is reported.
/// </summary>
public static class FramePathCost
{
    private const string Frame =
        """[2,"1733400000000","MeterValues",{"connectorId":1,"transactionId":1,"meterValue":[{"timestamp":"2026-12-05T12:00:00.000Z","sampledValue":[""" +
        """{"value":"12345.6","measurand":"Energy.Active.Import.Register","unit":"Wh"},""" +
        """{"value":"7.36","measurand":"Power.Active.Import","unit":"kW"},""" +
        """{"value":"10.7","measurand":"Current.Import","phase":"L1","unit":"A"},""" +
        """{"value":"10.6","measurand":"Current.Import","phase":"L2","unit":"A"},""" +
        """{"value":"10.7","measurand":"Current.Import","phase":"L3","unit":"A"}]}]}]""";

    public static async Task<int> RunAsync(int rounds, int perRound)
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        var request = schemas.FindRequest("MeterValues")!;
        var response = schemas.FindResponse("MeterValues")!;
        var bytes = Encoding.UTF8.GetBytes(Frame);

        string General()
        {
            var call = (OcppCall)OcppFrameReader.Parse(Encoding.UTF8.GetString(bytes)).Frame!;
            if (OcppPayloadValidator.Validate(request, call.Payload) is not null)
            {
                throw new InvalidOperationException("the frame is valid");
            }
            _ = OcppJson.FromPayload<MeterValuesRequest>(call.Payload);
            var reply = OcppJson.ToPayload(new MeterValuesResponse());
            if (OcppPayloadValidator.Validate(response, reply) is not null)
            {
                throw new InvalidOperationException("the reply is valid");
            }
            return OcppFrameWriter.WriteCallResult(call.MessageId, reply);
        }

        string OnePass()
        {
            var call = OcppTypedCallReader.TryRead(bytes) ?? throw new InvalidOperationException("a plain frame");
            _ = (MeterValuesRequest)call.TypedPayload!;
            return OcppFrameWriter.TryWriteCertainlyValidCallResult(call.MessageId, new MeterValuesResponse())!;
        }

        if (General() != OnePass())
        {
            throw new InvalidOperationException("both ways must write the same reply");
        }
        var general = new List<double>();
        var onePass = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            general.Add(CpuMicroseconds(General, perRound));
            onePass.Add(CpuMicroseconds(OnePass, perRound));
        }
        general.Sort();
        onePass.Sort();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MeterValues frame of {bytes.Length} bytes (5 samples), {rounds} rounds x {perRound}, load average {load}, CPU µs per frame, median [min-max]:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  general way (string, Newtonsoft tree, schema, typed; reply tree, schema, text): {general[rounds / 2]:N2} [{general[0]:N2}-{general[^1]:N2}]"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  one pass (typed from the bytes; reply text written directly):                  {onePass[rounds / 2]:N2} [{onePass[0]:N2}-{onePass[^1]:N2}]"));
        return 0;
    }

    private static double CpuMicroseconds(Func<string> body, int count)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < count; i++)
        {
            _ = body();
        }
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMicroseconds / count;
    }
}
