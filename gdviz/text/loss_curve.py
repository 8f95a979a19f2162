"""Lesson 2: the loss curve, its slope, the bowl, extrema and search."""

TEXT = {
    "loss_curve.title": ("Loss curve", "损失曲线"),
    "loss_curve.intro": (
        "Hold b still and the mean squared error becomes a curve of w alone. Its **slope** k = dL/dw at the "
        "current w is the slope of the **tangent** there, and its sign says which way to move w: downhill. "
        "With b free as well, the curve becomes a **bowl** over (w, b). Then: where the slope is 0 on a curve "
        "with more than one valley, and how to search for the best w with no slope at all.",
        "把 b 固定，均方误差就只是 w 的一条曲线。当前 w 处的**斜率** k = dL/dw 就是那里**切线**的斜率，"
        "它的正负告诉我们 w 该往哪边走：往下坡走。b 也可以变时，曲线就变成 (w, b) 上的一个**碗**。"
        "接着看：有不止一个谷底的曲线上哪些点斜率为 0，以及不用斜率时怎样搜索最好的 w。",
    ),
    "loss_curve.b_fixed": (
        "**b = 0**: this lesson fits a line through the origin.",
        "**b = 0**：这一课用过原点的直线拟合。",
    ),
    "loss_curve.b_note": (
        "b is held fixed while w moves: the curve below is one slice of the bowl, along that b.",
        "w 变化时 b 保持不变：下面的曲线就是碗沿着这个 b 切下的一刀。",
    ),
    # Section 1: the curve and its tangent.
    "loss_curve.s_curve": ("The loss as a curve of w (b = {b})", "损失作为 w 的曲线（b = {b}）"),
    "loss_curve.metric_slope": ("slope k = dL/dw", "斜率 k = dL/dw"),
    "loss_curve.metric_mse": ("MSE at this w", "此处的均方误差"),
    "loss_curve.dir_decrease": ("slope > 0: decrease w", "斜率 > 0：减小 w"),
    "loss_curve.dir_increase": ("slope < 0: increase w", "斜率 < 0：增大 w"),
    "loss_curve.dir_bottom": ("slope ≈ 0: at the bottom", "斜率 ≈ 0：已到谷底"),
    "loss_curve.dir_flat": ("slope = 0: flat here", "斜率 = 0：这里是平的"),
    "loss_curve.lowest_caption": (
        "The lowest point of this curve (b = {b}) is at w = {w}: left of it the slope is negative, right of it positive.",
        "这条曲线（b = {b}）的最低点在 w = {w}：它左边斜率为负，右边斜率为正。",
    ),
    "loss_curve.curve_name": ("MSE(w), b = {b}", "均方误差 MSE(w)，b = {b}"),
    "loss_curve.lowest": ("lowest point, w = {w}", "最低点 w = {w}"),
    "loss_curve.tangent": ("tangent at w", "w 处的切线"),
    "loss_curve.current_w": ("current w", "当前 w"),
    "loss_curve.descent_arrow": ("the way descent moves w", "梯度下降移动 w 的方向"),
    "loss_curve.w_help": (
        "Drag it: the tangent, its slope and the arrow follow your hand.",
        "拖动它：切线、斜率和箭头都会跟着移动。",
    ),
    "loss_curve.slope_label": ("k = {k}", "k = {k}"),
    # The bowl: the light top view and the static figure.
    "loss_curve.s_map": ("Where you are on the bowl", "你在碗上的位置"),
    "loss_curve.map_text": (
        "The MSE of every (w, b), seen from above: each grey ring joins points of equal loss. The dashed line "
        "is the b you hold fixed — the curve above is the bowl cut along it — and the orange dot is your (w, b). "
        "The lowest point of the slice (◆) is the best w **for this b**; the bottom of the bowl (★) is the best "
        "line of all.",
        "从上往下看每个 (w, b) 的均方误差：每一圈灰线连起损失相同的点。虚线是固定的 b——上面的曲线就是"
        "沿它切开的碗——橙色圆点是你的 (w, b)。虚线上的最低点（◆）是**这个 b 下**最好的 w；碗底（★）"
        "是所有直线中最好的一条。",
    ),
    "loss_curve.metric_bowl_mse": ("MSE(w, b) here", "此处的 MSE(w, b)"),
    "loss_curve.bowl_best_caption": (
        "Bottom of the bowl: w = {w}, b = {b}, MSE = {mse}.",
        "碗底：w = {w}，b = {b}，MSE = {mse}。",
    ),
    "loss_curve.map_origin": (
        "This lesson keeps b = 0, so you walk only along the dashed line, and its lowest point is the best "
        "you can do here.",
        "这一课保持 b = 0，所以你只能沿虚线走，虚线上的最低点就是这里能做到的最好结果。",
    ),
    "loss_curve.slice": ("slice b = {b}", "切片 b = {b}"),
    "loss_curve.you_are_here": ("you are here (w, b)", "你在这里 (w, b)"),
    "loss_curve.bowl_best": ("bottom of the bowl ({w}, {b})", "碗底 ({w}, {b})"),
    "loss_curve.s_bowl": ("The whole bowl: MSE(w, b)", "整个碗：MSE(w, b)"),
    "loss_curve.bowl_help": (
        "The same loss as a contour map and as a surface (drag it to turn it). For a straight line the MSE is "
        "always such a bowl: one bottom and no other valley, so the slope always points the way down.",
        "同一个损失画成等高线图和曲面（可拖动旋转）。对直线来说，均方误差总是这样一个碗：只有一个碗底，"
        "没有别的山谷，所以斜率总是指向下坡的方向。",
    ),
    "loss_curve.bowl_contour": ("contour map; ★ bottom of the bowl ({w}, {b})", "等高线图；★ 碗底 ({w}, {b})"),
    "loss_curve.bowl_surface": ("surface: height = MSE", "曲面：高度 = MSE"),
    # Extrema on a non-convex curve.
    "loss_curve.s_extrema": (
        "Minimum, local minimum, local maximum",
        "最小值、极小值、极大值",
    ),
    "loss_curve.extrema_intro": (
        "A loss curve need not be a single bowl. On f(w) = w⁴/4 − w³/3 − w² + 2 the slope is 0 at three points: "
        "a **local minimum** (lowest only nearby), a **local maximum** (highest only nearby) and the **global "
        'minimum** (lowest of all). A slope of 0 says "flat here", not "best here".',
        "损失曲线不一定只是一个碗。在 f(w) = w⁴/4 − w³/3 − w² + 2 上，斜率在三个点为 0：**极小值**"
        "（只在附近最低）、**极大值**（只在附近最高）和**最小值**（全局最低）。斜率为 0 只说明“这里是平的”，"
        "不说明“这里最好”。",
    ),
    "loss_curve.nc_w": ("w on the curve f(w)", "曲线 f(w) 上的 w"),
    "loss_curve.at_local_min": (
        "slope = 0 at a local minimum (极小值): descent stops here, though the global minimum is lower.",
        "斜率 = 0，这里是极小值：梯度下降会停在这里，尽管最小值更低。",
    ),
    "loss_curve.at_local_max": (
        "slope = 0 at a local maximum (极大值): flat, but any nudge rolls downhill away from it.",
        "斜率 = 0，这里是极大值：虽然是平的，但稍微一动就会往下滚离这里。",
    ),
    "loss_curve.at_global_min": (
        "slope = 0 at the global minimum (最小值): the lowest loss on the whole curve.",
        "斜率 = 0，这里是最小值：整条曲线上损失最低的地方。",
    ),
    "loss_curve.extrema_hint": (
        "Move w to −1, 0 and 2 and watch the tangent go flat at each.",
        "把 w 移到 −1、0 和 2，看切线在每一处都变平。",
    ),
    "loss_curve.nc_curve": ("f(w) = w⁴/4 − w³/3 − w² + 2", "f(w) = w⁴/4 − w³/3 − w² + 2"),
    "loss_curve.extrema": ("slope = 0", "斜率 = 0 的点"),
    "loss_curve.local_min": ("local minimum", "极小值"),
    "loss_curve.local_max": ("local maximum", "极大值"),
    "loss_curve.global_min": ("global minimum", "最小值"),
    # Search without derivatives.
    "loss_curve.s_search": ("Before descent: searching for w", "梯度下降之前：搜索 w"),
    "loss_curve.search_intro": (
        "With no slope, you can only try values of w and keep the best. **Brute force** tries a grid of evenly "
        "spaced w. **Divide and conquer** tries a few, then zooms into the interval around the best and tries "
        "again, round after round: far fewer evaluations for the same precision — but if its first round is too "
        "coarse on a curve with more than one valley, it zooms into the wrong one.",
        "没有斜率，就只能试一些 w，留下最好的。**穷举**（网格搜索）在等间距的网格上逐个尝试。**分治法**先试几个点，"
        "再缩小到最好点附近的区间继续试，一轮又一轮：同样的精度花的计算次数少得多——但在不止一个谷底的曲线上，"
        "如果第一轮取点太稀，就会缩进错误的山谷，错过最优点。",
    ),
    "loss_curve.search_on": ("Search on", "搜索的曲线"),
    "loss_curve.curve_dataset": ("this dataset's MSE(w), b = {b}", "本数据集的 MSE(w)，b = {b}"),
    "loss_curve.curve_two_valleys": ("two valleys (the curve above)", "两个山谷（上面的曲线）"),
    "loss_curve.curve_narrow_valley": ("a narrow, deep valley", "一个又窄又深的山谷"),
    "loss_curve.grid_k": ("brute force: grid points", "穷举：网格点数"),
    "loss_curve.zoom_k": ("divide and conquer: points per round", "分治法：每轮点数"),
    "loss_curve.zoom_k_help": (
        "Each round narrows the interval to the neighbours of its best point.",
        "每一轮把区间缩小到最好点的左右两个相邻点之间。",
    ),
    "loss_curve.zoom_rounds": ("divide and conquer: rounds", "分治法：轮数"),
    "loss_curve.grid_metric": ("brute force: evaluations", "穷举：计算次数"),
    "loss_curve.zoom_metric": ("divide and conquer: evaluations", "分治法：计算次数"),
    "loss_curve.true_min_metric": ("true minimum at w", "真正的最小值位置 w"),
    "loss_curve.lands_caption": (
        "Lands at w = {w}, {miss} from the true minimum.",
        "落在 w = {w}，与真正的最小值相差 {miss}。",
    ),
    "loss_curve.lands_hit": (
        "Lands at w = {w}, {miss} from the true minimum: in the right valley.",
        "落在 w = {w}，与真正的最小值相差 {miss}：找到了正确的山谷。",
    ),
    "loss_curve.lands_miss": (
        "Lands at w = {w}, {miss} from the true minimum: missed, stuck in the other valley.",
        "落在 w = {w}，与真正的最小值相差 {miss}：错过了，困在另一个山谷里。",
    ),
    "loss_curve.grid_title": ("brute force: {n} evaluations", "穷举：{n} 次计算"),
    "loss_curve.zoom_title": ("divide and conquer: {k} × {r} = {n} evaluations", "分治法：{k} × {r} = {n} 次计算"),
    "loss_curve.search_curve": ("loss", "损失"),
    "loss_curve.search_loss": ("loss", "损失"),
    "loss_curve.grid_points": ("grid points", "网格点"),
    "loss_curve.round_n": ("round {n}", "第 {n} 轮"),
    "loss_curve.round_axis": ("round", "轮次"),
    "loss_curve.landing": ("best point found", "找到的最好点"),
    "loss_curve.lands_at": ("w = {w}", "w = {w}"),
    "loss_curve.true_min": ("true minimum w = {w}", "真正的最小值 w = {w}"),
    "loss_curve.kd_intro": (
        "**The cost of brute force grows as kᵈ.** A grid of k = {k} points along each of d parameters needs kᵈ "
        "evaluations:",
        "**穷举的代价按 kᵈ 增长**。每个参数取 k = {k} 个点、共 d 个参数的网格需要计算 kᵈ 次：",
    ),
    "loss_curve.kd_1": ("d = 1 (w)", "d = 1（w）"),
    "loss_curve.kd_2": ("d = 2 (w and b)", "d = 2（w 和 b）"),
    "loss_curve.kd_dataset": ("this dataset's model: d = {d}", "本数据集的模型：d = {d}"),
    "loss_curve.kd_10": ("d = {d} parameters", "d = {d} 个参数"),
    "loss_curve.kd_outro": (
        "Divide and conquer shrinks k, not d: in d dimensions each of its rounds is still a grid of kᵈ points. "
        "Gradient descent needs neither: the slope tells it which way to go.",
        "分治法减小的是 k，不是 d：在 d 维中它的每一轮仍是一个 kᵈ 个点的网格。梯度下降两者都不需要：斜率直接告诉它往哪走。",
    ),
    "loss_curve.typed_input": ("f(w) =", "f(w) ="),
    "loss_curve.typed_help": (
        "Type your own curve: numbers, w, pi, e, + − × ÷ ^, and sin, cos, exp, log, sqrt, abs, tanh, …; its extrema "
        "are found from its exact derivative.",
        "输入你自己的曲线：数字、w、pi、e、+ − × ÷ ^，以及 sin、cos、exp、log、sqrt、abs、tanh 等；极值由它的精确导数求出。",
    ),
    "loss_curve.typed_hint": (
        "Move w onto each diamond and watch the tangent go flat there.",
        "把 w 移到每个菱形上，看切线在那里变平。",
    ),
    "loss_curve.typed_none": (
        "This curve has no flat point between −{r} and {r}: descent keeps going one way.",
        "这条曲线在 −{r} 到 {r} 之间没有平坦点：下降会一直朝一个方向走。",
    ),
}
