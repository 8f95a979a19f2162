"""Lesson 3: update rules (fixed value, slope, sign of slope, learning rate × slope)."""

TEXT = {
    "update_rules.title": ("Update rules", "更新方法"),
    "update_rules.intro": (
        "The loss MSE(w) has a lowest point; how should w walk there by itself? Four rules start from the same w₀, "
        "with k = dL/dw the slope of the tangent at the current w: **fixed value** w ← w − c, **slope** w ← w − k, "
        "**sign of the slope** w ← w − c·sign(k), and **learning rate × slope** w ← w − η·k, which is gradient descent.",
        "损失 MSE(w) 有一个最低点；w 怎样才能自己走过去？四种方法从同一个 w₀ 出发，k = dL/dw 是当前 w 处切线的斜率："
        "**固定值法** w ← w − c，**斜率法** w ← w − k，**斜率符号法** w ← w − c·sign(k)，"
        "以及 **学习率 × 斜率** w ← w − η·k，也就是梯度下降。",
    ),
    "update_rules.b_zero": (
        "b is held at 0, as in the lesson: the loss is MSE(w) of the line y = w·x, a parabola in w.",
        "和课程中一样，b 固定为 0：损失是直线 y = w·x 的 MSE(w)，它是关于 w 的一元二次函数（抛物线）。",
    ),
    "update_rules.b_zero_intercept": (
        "b is held at 0 so that only w moves: the loss is MSE(w) of lines through the origin (lesson 4 lets b move too).",
        "b 固定为 0，只让 w 变化：损失是过原点直线的 MSE(w)（第 4 课中 b 也会一起更新）。",
    ),
    "update_rules.w0": ("start w₀", "初始值 w₀"),
    "update_rules.step": ("step shown", "显示第几步"),
    "update_rules.step_help": (
        "Drag it: the four rules walk together, one step at a time; each box writes out the step shown.",
        "拖动它：四种方法一起一步一步地走；每个方框写出当前这一步的计算。",
    ),
    "update_rules.start_line": ("w₀ = {w}: the start", "w₀ = {w}：起点"),
    "update_rules.left_note": ("It leaves the chart at step {n}.", "第 {n} 步走出图外。"),
    "update_rules.w0_help": (
        "Where every rule starts. Any value works: descent has to find its own way to the minimum.",
        "所有方法的起点。可以是任意值：参数要自己找到通往最小值的路。",
    ),
    "update_rules.c": ("fixed step c", "固定值 c"),
    "update_rules.c_help": (
        "The fixed value rule subtracts c at every step, sign and all; the sign rule moves |c| in the slope's direction.",
        "固定值法每一步都减去 c（连同正负号）；斜率符号法沿斜率的方向移动 |c|。",
    ),
    "update_rules.lr_help": (
        "η multiplies the slope in w ← w − η·k. Only the gradient-descent panel uses it.",
        "η 乘在斜率前面：w ← w − η·k。只有梯度下降这一栏用到它。",
    ),
    "update_rules.facts": (
        "MSE(w₀) = {loss0} · best w* = {w} · curvature d²L/dw² = 2·Σx²/n = {h}",
        "MSE(w₀) = {loss0} · 最佳 w* = {w} · 曲率 d²L/dw² = 2·Σx²/n = {h}",
    ),
    "update_rules.rule_fixed": ("fixed value", "固定值法"),
    "update_rules.rule_slope": ("slope", "斜率法"),
    "update_rules.rule_sign": ("sign of slope", "斜率符号法"),
    "update_rules.rule_gd": ("η × slope (gradient descent)", "学习率 × 斜率（梯度下降）"),
    "update_rules.panels": ("Four rules from the same start", "同一起点，四种更新方法"),
    "update_rules.panels_help": (
        "Drag the step: the four rules move together, one step at a time. The axes stay put; "
        "a rule that runs away leaves the picture.",
        "拖动步数：四种方法一起移动，每次一步。坐标轴固定不动；跑远了的方法会离开画面。",
    ),
    "update_rules.traces": ("w and the loss, step by step", "逐步看 w 和损失"),
    "update_rules.traces_help": (
        "w after each step, with the best w dashed; and the loss on a log scale, so both a loss of 0.02 and one of a "
        "million fit, with the lowest loss there is dashed.",
        "每一步之后的 w，虚线是最佳 w；以及对数坐标的损失，0.02 和一百万都能画在同一张图上，虚线是能达到的最小损失。",
    ),
    "update_rules.best_w": ("best w = {w}", "最佳 w = {w}"),
    "update_rules.best_loss": ("lowest MSE = {loss}", "最小均方误差 = {loss}"),
    "update_rules.w_panel": ("w after each step", "每一步之后的 w"),
    "update_rules.loss_panel": ("the loss after each step", "每一步之后的损失"),
    "update_rules.loss_log": ("MSE (log scale)", "均方误差（对数坐标）"),
    "update_rules.table": ("The first five steps, written out", "前五步的计算过程"),
    "update_rules.table_help": (
        "k is the slope dL/dw at the w before the step, as the program computed it. Each line is one update.",
        "k 是更新前那个 w 处的斜率 dL/dw（程序算出的值）。每一行是一次更新。",
    ),
    "update_rules.table_step": ("step", "步"),
    "update_rules.gone": ("diverged, no number left", "已发散，没有数值"),
    "update_rules.stopped_loss": (
        "stopped: the loss at {w} = {value} is above {bound}",
        "已停止：{w} = {value} 处的损失超过 {bound}",
    ),
    "update_rules.stopped_w": ("stopped: {w} = {value} is beyond ±{bound}", "已停止：{w} = {value} 超出 ±{bound}"),
    "update_rules.sum_fixed_cross": (
        "Moves by c = {c} every step whatever the slope says: it passes the best w* = {w} at step {n} and keeps "
        "walking the same way. It overshoots.",
        "不管斜率怎么说，每一步都移动 c = {c}：第 {n} 步越过最佳值 w* = {w}，然后继续朝同一方向走——冲过头了。",
    ),
    "update_rules.sum_fixed_away": (
        "Moves by c = {c} every step whatever the slope says, here away from the best w* = {w}: the loss only grows. "
        "The sign of c fixed the direction.",
        "不管斜率怎么说，每一步都移动 c = {c}，这里是背离最佳值 w* = {w} 的方向：损失只会越来越大。c 的正负号决定了方向。",
    ),
    "update_rules.sum_fixed_short": (
        "Moves by c = {c} every step whatever the slope says: it has not reached w* = {w} yet, and when it does it "
        "will walk straight past.",
        "不管斜率怎么说，每一步都移动 c = {c}：还没有走到 w* = {w}，走到了也会直接冲过去。",
    ),
    "update_rules.sum_fixed_still": ("c = 0: w never moves.", "c = 0：w 一动不动。"),
    "update_rules.sum_sign_cross": (
        "Steps of {c} in the slope's direction, whatever the slope's size: it reaches w* = {w} at step {n}, then can "
        "only bounce around it by ±{c}.",
        "沿斜率的方向每步走 {c}，不管斜率多大：第 {n} 步到达 w* = {w}，之后只能在它两侧来回跳 ±{c}。",
    ),
    "update_rules.sum_sign_short": (
        "Steps of {c} in the slope's direction, whatever the slope's size: still walking toward w* = {w}.",
        "沿斜率的方向每步走 {c}，不管斜率多大：仍在走向 w* = {w}。",
    ),
    "update_rules.sum_slope": (
        "The slope is k = {h}·(w − w*), so each step multiplies the distance to w* by 1 − {h} = {factor}:",
        "斜率 k = {h}·(w − w*)，所以每一步把到 w* 的距离乘以 1 − {h} = {factor}：",
    ),
    "update_rules.sum_gd": (
        "Each step multiplies the distance to w* by 1 − η·{h} = 1 − {lr} × {h} = {factor}:",
        "每一步把到 w* 的距离乘以 1 − η·{h} = 1 − {lr} × {h} = {factor}：",
    ),
    "update_rules.outcome_diverged": (
        "it jumps from side to side, further each time, and diverges at step {n}.",
        "它在两侧来回震荡，一次比一次远，在第 {n} 步发散。",
    ),
    "update_rules.outcome_growing": (
        "it jumps from side to side, further each time: it is diverging.",
        "它在两侧来回震荡，一次比一次远：正在发散。",
    ),
    "update_rules.outcome_bounce_settle": (
        "it jumps from side to side, but each jump is shorter: it settles ({d} from w* at the end).",
        "它在两侧来回震荡，但幅度越来越小：最终收敛（结束时离 w* 还有 {d}）。",
    ),
    "update_rules.outcome_settle": (
        "it slides in without overshooting and converges ({d} from w* at the end).",
        "它不越过最低点，平稳地收敛（结束时离 w* 还有 {d}）。",
    ),
    "update_rules.takeaway": (
        "**What the four panels show.** Fixed value: the direction is set by the sign of c, not by the loss, and the "
        "step never shrinks, so it cannot stop at the minimum. Slope: the direction is right, but where the loss is "
        "steep the slope is large and the step is far too long, so w jumps back and forth further each time. "
        "η × slope: the slope's direction with a step made small by the learning rate, and the step shrinks by "
        "itself as the slope flattens near the minimum. That is gradient descent.",
        "**四幅图说明了什么。** 固定值法：方向由 c 的正负号决定，与损失无关，步长也从不变小，所以停不到最小值上（方向性不确定、准确性不佳）。"
        "斜率法：方向是对的，但损失函数陡峭时斜率很大，步子迈得太远，w 来回震荡，而且越震越远。"
        "学习率 × 斜率：用斜率的方向，再乘上一个小小的学习率来控制步长；越靠近最低点斜率越平，步子自己就变小了。这就是梯度下降。",
    ),
}
