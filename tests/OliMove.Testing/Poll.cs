namespace OliMove.Testing;

/// <summary>Waits for a condition with a deadline, for tests against real sockets on a loaded machine.</summary>
public static class Poll
{
    /// <summary>
    /// Polls every 50 ms. A condition that throws (e.g. <c>Single()</c> on a list the service has not filled yet) counts
    /// as not yet true; if the deadline passes, the last exception is the timeout's inner exception.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string because, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Exception? last = null;
        while (!Holds(condition, ref last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {because}", last);
            }

            await Task.Delay(50);
        }
    }

    private static bool Holds(Func<bool> condition, ref Exception? last)
    {
        try
        {
            return condition();
        }
        catch (InvalidOperationException ex)
        {
            last = ex;
            return false;
        }
    }
}
