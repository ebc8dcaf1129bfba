using System.Globalization;

namespace AgentConsole.Features.Policies;

/// <summary>A comparison on one of a plan's counts: <c>3</c>, <c>== 3</c>, <c>&gt; 0</c>, <c>&gt;= 5</c>, <c>&lt; 10</c>, <c>&lt;= 2</c>.</summary>
internal readonly record struct CountComparison(CountOperator Operator, int Operand)
{
    public const string Expected = "a count such as 3, \"== 3\", \"> 0\", \">= 5\", \"< 10\" or \"<= 2\"";

    public bool IsSatisfiedBy(int count) => Operator switch
    {
        CountOperator.Equal => count == Operand,
        CountOperator.Greater => count > Operand,
        CountOperator.GreaterOrEqual => count >= Operand,
        CountOperator.Less => count < Operand,
        _ => count <= Operand,
    };

    public static bool TryParse(string text, out CountComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        var (op, length) = span switch
        {
            _ when span.StartsWith("==") => (CountOperator.Equal, 2),
            _ when span.StartsWith(">=") => (CountOperator.GreaterOrEqual, 2),
            _ when span.StartsWith("<=") => (CountOperator.LessOrEqual, 2),
            _ when span.StartsWith(">") => (CountOperator.Greater, 1),
            _ when span.StartsWith("<") => (CountOperator.Less, 1),
            _ => (CountOperator.Equal, 0),
        };

        var number = span[length..].Trim();
        // Digits only: counts are never negative, and "+3" or "3.0" are more likely typos than intent.
        if (number.IsEmpty || number.Length > 9 || !IsDigits(number))
        {
            comparison = default;
            return false;
        }

        comparison = new CountComparison(op, int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

internal enum CountOperator
{
    Equal,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}
