"""Lesson 1: forward propagation."""

TEXT = {
    "forward.title": ("Forward propagation", "前向传播"),
    "forward.intro": (
        "Forward propagation is the trip from input to output: take each x, compute the prediction "
        "ŷ = w·x + b, compare it with the real y, and sum the mistakes up into one number, the loss. "
        "Move w and b and watch every step of the chain **input → forward → per-point error → mean squared error** change.",
        "前向传播就是从输入到输出的过程：拿到每个 x，算出预测值 ŷ = w·x + b，与真实的 y 比较，"
        "再把所有误差汇总成一个数——损失。拖动 w 和 b，看 **输入 → 前向计算 → 单点误差 → 均方误差** 每一步如何变化。",
    ),
    "forward.fix_b": ("b = 0 (through the origin)", "b = 0（过原点）"),
    "forward.fix_b_help": (
        "The tadpole lesson starts with b fixed at 0 so that only w moves.",
        "蝌蚪一课开始时把 b 固定为 0，只改变 w。",
    ),
    "forward.error_pos": ("error > 0: line above", "误差 > 0：直线在上"),
    "forward.error_neg": ("error < 0: line below", "误差 < 0：直线在下"),
    "forward.chain": ("The chain, with today's numbers", "整条链路与当前数值"),
    "forward.step_input": ("Input", "输入"),
    "forward.step_forward": ("Forward", "前向计算"),
    "forward.step_error": ("Per-point error", "单点误差"),
    "forward.step_mse": ("Mean squared error", "均方误差"),
    "forward.input_value": ("{n} points, x from {lo} to {hi}", "{n} 个点，x 从 {lo} 到 {hi}"),
    "forward.forward_value": ("ŷ = {w}·x + {b}", "ŷ = {w}·x + {b}"),
    "forward.error_value": (
        "{pos} above, {neg} below; largest |ŷ − y| = {big}",
        "{pos} 个在上方，{neg} 个在下方；最大 |ŷ − y| = {big}",
    ),
    "forward.table": ("Each point, step by step", "逐点计算"),
    "forward.col_x": ("x", "x"),
    "forward.col_y": ("y (real)", "y（真实值）"),
    "forward.col_yhat": ("ŷ = w·x + b (predicted)", "ŷ = w·x + b（预测值）"),
    "forward.col_err": ("error ŷ − y", "误差 ŷ − y"),
    "forward.col_err2": ("squared error (ŷ − y)²", "误差平方 (ŷ − y)²"),
    "forward.mse_heading": ("The mean squared error, with the numbers plugged in", "均方误差：代入当前数值"),
    "forward.table_more": ("Showing the first {shown} of {n} points.", "显示前 {shown} 个点，共 {n} 个。"),
    "forward.loss_curve": ("MSE(w) with b = {b}", "MSE(w)，b = {b}"),
    "forward.w_help": (
        "Drag it: the line, every error, the MSE and its marker on MSE(w) follow your hand.",
        "拖动它：直线、每个误差、均方误差以及 MSE(w) 上的标记都会跟着移动。",
    ),
    "forward.best": (
        "Best line for this data: w = {w}, b = {b}, MSE = {mse}.",
        "这组数据的最佳直线：w = {w}，b = {b}，MSE = {mse}。",
    ),
    "forward.best_origin": (
        "Best line through the origin: w = {w}, MSE = {mse}.",
        "过原点的最佳直线：w = {w}，MSE = {mse}。",
    ),
}
