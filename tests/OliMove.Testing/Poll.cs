namespace OliMove.Testing;

/// <summary>Waits for a condition with a deadline, for tests against real sockets on a loaded machine.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string because, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {because}");
            }

            await Task.Delay(50);
        }
    }
}
