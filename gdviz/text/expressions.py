"""Why a typed function cannot be used (gdviz.expressions), in both languages."""

TEXT = {
    "expressions.empty": ("Type a function of {names}.", "请输入一个关于 {names} 的函数。"),
    "expressions.too_long": (
        "The formula is {n} characters long; at most {most} are accepted.",
        "公式有 {n} 个字符，最多只能输入 {most} 个。",
    ),
    "expressions.syntax": (
        "This formula cannot be read near column {col} (“{near}”): check the brackets and the signs.",
        "第 {col} 列附近（“{near}”）无法识别：请检查括号和运算符号。",
    ),
    "expressions.character": (
        "“{char}” at column {col} is not part of a formula.",
        "第 {col} 列的“{char}”不是公式里能用的符号。",
    ),
    "expressions.unknown_name": (
        "Unknown name “{name}” at column {col}: use {names}, pi, e or a function such as sin(…).",
        "第 {col} 列有未知名称“{name}”：只能用 {names}、pi、e 或 sin(…) 这样的函数。",
    ),
    "expressions.function_as_value": (
        "{name} at column {col} is a function: write {name}(…) with its argument in brackets.",
        "第 {col} 列的 {name} 是函数：请写成 {name}(…)，把自变量放在括号里。",
    ),
    "expressions.unknown_function": (
        "Unknown function “{name}” at column {col}. These can be used: {known}.",
        "第 {col} 列有未知函数“{name}”。可以使用：{known}。",
    ),
    "expressions.arguments": (
        "{name}(…) at column {col} takes exactly one argument.",
        "第 {col} 列的 {name}(…) 只能有一个自变量。",
    ),
    "expressions.not_allowed": (
        "“{what}” at column {col} is not allowed: a formula holds numbers, {names}, pi, e, + − × ÷ ^ and "
        "functions such as sin(…).",
        "第 {col} 列的“{what}”不允许使用：公式里只能有数字、{names}、pi、e、+ − × ÷ ^ 以及 sin(…) 这样的函数。",
    ),
    "expressions.exponent": (
        "The power at column {col} is too large to compute: exponents written as numbers go up to {most}.",
        "第 {col} 列的幂太大，无法计算：写成数字的指数最大为 {most}。",
    ),
    "expressions.number": (
        "The number at column {col} is too large (beyond about 1.8 × 10³⁰⁸).",
        "第 {col} 列的数字太大（超过约 1.8 × 10³⁰⁸）。",
    ),
    "expressions.complex": (
        "This formula has complex values (such as the square root of a negative number written as a number).",
        "这个公式含有复数值（例如直接写出的负数的平方根）。",
    ),
    "expressions.nowhere": (
        "This function is not defined anywhere in the window x ∈ {x}, y ∈ {y}.",
        "这个函数在窗口 x ∈ {x}、y ∈ {y} 内处处没有定义。",
    ),
}
