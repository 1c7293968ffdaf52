namespace ConnectorLint.Spf;

/// <summary>
/// Runs a synchronous evaluation over answers that come asynchronously (live DNS): the evaluation is
/// replayed from the start, with every answer fetched so far, until it asks nothing new. SPF's own
/// limits keep that short (at most a few dozen questions), and one core serves the desired state
/// (answers in memory, no replay) and the wire alike, with no task that must have finished.
/// </summary>
internal static class Replay
{
    public static async Task<TResult> RunAsync<TQuestion, TAnswer, TResult>(
        Func<Func<TQuestion, TAnswer>, TResult> evaluate, Func<TQuestion, CancellationToken, ValueTask<TAnswer>> fetch, CancellationToken cancellationToken)
        where TQuestion : notnull
    {
        var answers = new Dictionary<TQuestion, TAnswer>();
        TAnswer Ask(TQuestion question) => answers.TryGetValue(question, out var answer) ? answer : throw new Unanswered<TQuestion>(question);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TQuestion next;
            try
            {
                return evaluate(Ask);
            }
            catch (Unanswered<TQuestion> unanswered)
            {
                next = unanswered.Question;
            }

            answers[next] = await fetch(next, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Unwinds the evaluation at its first question without an answer yet; the evaluations catch only their own aborts.</summary>
    private sealed class Unanswered<TQuestion>(TQuestion question) : Exception
    {
        public TQuestion Question { get; } = question;
    }
}
