"""Lesson 6: optimizers racing on one surface."""

TEXT = {
    "optimizers.title": ("Optimizers", "优化器"),
    "optimizers.intro": (
        "Plain gradient descent takes a step of η times the slope, so where the slope is tiny (a saddle point, "
        "a plateau, the floor of a long valley) it crawls. **Momentum** keeps a running sum of past gradients, "
        "so it builds up speed; **AdaGrad**, **RMSProp** and **Adam** divide each coordinate's step by the size of "
        "its recent gradients, so a tiny slope still gives a real step. Pick a surface and up to five optimizers, "
        "then drag the step shown to watch them race from the same start, or drag an optimizer's η to see its whole "
        "path move.",
        "普通梯度下降每一步走「学习率 η × 斜率」，所以在斜率很小的地方（鞍点、平原、狭长山谷的谷底）就走得很慢。"
        "**动量**把过去的梯度累加起来，越走越快；**AdaGrad**、**RMSProp** 和 **Adam** 按每个坐标最近梯度的大小来缩放步长，"
        "所以斜率再小也能迈出像样的一步。选一个曲面和最多五个优化器，拖动「显示的步数」看它们从同一起点出发比赛，"
        "或拖动某个优化器的 η，看它的整条路径跟着变。",
    ),
    "optimizers.surface": ("Surface", "曲面"),
    "optimizers.racers": ("Optimizers (up to five)", "优化器（最多五个）"),
    "optimizers.too_many": (
        "At most five optimizers can race at once, so the sixth is left out: remove one to choose which five run. "
        "Racing now: {names}.",
        "最多只能同时比较五个优化器，第六个不参加：请去掉一个来决定哪五个参赛。现在参赛的是：{names}。",
    ),
    "optimizers.none": ("Choose at least one optimizer to start the race.", "请至少选择一个优化器开始比赛。"),
    "optimizers.start_x": ("start x₀", "起点 x₀"),
    "optimizers.start_y": ("start y₀", "起点 y₀"),
    "optimizers.start_w1": ("start w₁", "起点 w₁"),
    "optimizers.start_w2": ("start w₂", "起点 w₂"),
    "optimizers.momentum": ("momentum μ", "动量系数 μ"),
    "optimizers.alpha": ("alpha α (decay of v)", "alpha α（v 的衰减率）"),
    "optimizers.beta1": ("beta₁ (decay of m)", "beta₁（m 的衰减率）"),
    "optimizers.beta2": ("beta₂ (decay of v)", "beta₂（v 的衰减率）"),
    "optimizers.eps": ("epsilon ε", "epsilon ε"),
    "optimizers.initial_accumulator_value": (
        "initial_accumulator_value (where s starts)",
        "initial_accumulator_value（s 的初始值）",
    ),
    "optimizers.torch_names": (
        "Each optimizer's hyperparameters (open its box): names and defaults are PyTorch's (torch.optim); "
        "only the learning rates are tuned per surface.",
        "每个优化器的超参数（点开它的方框）：参数名和默认值与 PyTorch（torch.optim）相同；只有学习率按曲面调过。",
    ),
    "optimizers.name_gd": ("GD", "梯度下降 GD"),
    "optimizers.name_momentum": ("Momentum", "动量 Momentum"),
    "optimizers.name_nesterov": ("Nesterov", "Nesterov 动量"),
    "optimizers.name_adagrad": ("AdaGrad", "AdaGrad"),
    "optimizers.name_rmsprop": ("RMSProp", "RMSProp"),
    "optimizers.name_adam": ("Adam", "Adam"),
    "optimizers.surface_saddle": ("Saddle point  x² − y²", "鞍点  x² − y²"),
    "optimizers.surface_plateau": ("Plateau  1 − exp(−(x² + y²)/4)", "平原  1 − exp(−(x² + y²)/4)"),
    "optimizers.surface_himmelblau": ("Himmelblau: four minima", "Himmelblau：四个极小值"),
    "optimizers.surface_rosenbrock": ("Rosenbrock: a curved valley", "Rosenbrock：弯曲的山谷"),
    "optimizers.surface_elongated": ("Elongated bowl  ½x² + 10y²", "狭长的碗  ½x² + 10y²"),
    "optimizers.surface_valley": ("Two-feature regression: a narrow valley", "两个特征的线性回归：狭窄山谷"),
    "optimizers.surface_custom": ("Your own function f(x, y)", "你自己的函数 f(x, y)"),
    "optimizers.watch_custom": (
        "Type any function of x and y, as in your homework: x^2 + 3y^2, (1-x)^2 + 100(y-x^2)^2, sin(x)cos(y). "
        "Its gradient is computed exactly (SymPy), and every optimizer races on it from the same start.",
        "输入任意关于 x 和 y 的函数，就像作业里那样：x^2 + 3y^2、(1-x)^2 + 100(y-x^2)^2、sin(x)cos(y)。"
        "它的梯度由 SymPy 精确求出，所有优化器从同一起点在上面比赛。",
    ),
    "optimizers.custom_input": ("f(x, y) =", "f(x, y) ="),
    "optimizers.custom_help": (
        "Numbers, x, y, pi, e, + − × ÷ ^, and sin, cos, tan, exp, log, sqrt, abs, tanh, …",
        "可用：数字、x、y、pi、e、+ − × ÷ ^，以及 sin、cos、tan、exp、log、sqrt、abs、tanh 等。",
    ),
    "optimizers.custom_window": (
        "Drawn on x, y from −{r} to {r}: the smallest window that holds the lowest point of f with room around it.",
        "绘制范围为 x、y 从 −{r} 到 {r}：能把 f 的最低点连同周围一起装下的最小窗口。",
    ),
    "optimizers.start_undefined": (
        "f is not defined at the start ({x}, {y}): move the start to where it is, or change f.",
        "f 在起点 ({x}, {y}) 处没有定义：请把起点移到有定义的地方，或修改 f。",
    ),
    "optimizers.gradient": ("Its gradient, computed exactly:", "它的梯度（精确计算）："),
    "optimizers.final_heading": ("f after {steps} steps:", "{steps} 步之后的 f："),
    "optimizers.watch_saddle": (
        "The start sits just off a **saddle point** (y = 0.001): the gradient pushes x to 0 and barely pushes y, "
        "so plain GD stops almost dead at (0, 0), where the gradient is 0, before the tiny y grows enough to roll "
        "it off. Momentum keeps moving; Adam and RMSProp divide the tiny y-gradient by its own size and walk off at once.",
        "起点离**鞍点**只差一点点（y = 0.001）：梯度把 x 推向 0，几乎不推 y，所以普通梯度下降几乎停在梯度为 0 的 (0, 0)，"
        "要等很小的 y 慢慢变大才滑下去。动量会继续往前冲；Adam 和 RMSProp 用 y 方向梯度自身的大小去除它，立刻就走开了。",
    ),
    "optimizers.watch_plateau": (
        "A **plateau**: far from the centre the surface is almost flat (the gradient at the start is about 10⁻⁷), so "
        "η × gradient is nothing and GD and momentum do not move. AdaGrad, RMSProp and Adam divide by the size of the "
        "gradient, so their steps stay about η long and they walk to the well. Raise ε to 0.1 and watch Adam stall too.",
        "**平原**：离中心远的地方几乎是平的（起点处梯度约为 10⁻⁷），η × 梯度几乎为 0，梯度下降和动量纹丝不动。"
        "AdaGrad、RMSProp 和 Adam 要除以梯度的大小，所以步长始终约为 η，一路走进中间的坑。把 ε 调到 0.1，Adam 也会停下来。",
    ),
    "optimizers.watch_himmelblau": (
        "**Several minima**: Himmelblau's function has four equally low ones. Which one an optimizer lands in "
        "depends on its path, not only on the start: momentum overshoots the ridge that GD follows.",
        "**多个极小值**：Himmelblau 函数有四个一样低的极小值。优化器落进哪一个，不只取决于起点，还取决于它走的路："
        "动量会冲过梯度下降沿着走的那道山脊。",
    ),
    "optimizers.watch_rosenbrock": (
        "**A curved valley**: the floor bends, and along it the slope is tiny while across it the walls are steep. "
        "GD crawls down the banana-shaped floor; momentum gathers speed along it.",
        "**弯曲的山谷**：谷底是弯的，沿着谷底斜率很小，横穿山谷则很陡。梯度下降在香蕉形的谷底慢慢爬，动量沿着谷底越走越快。",
    ),
    "optimizers.watch_elongated": (
        "**An elongated bowl**: 20 times steeper across (y) than along (x). A learning rate small enough for y is "
        "far too small for x: GD zigzags across and creeps along; the adaptive rules give each coordinate its own step.",
        "**狭长的碗**：横向（y）比纵向（x）陡 20 倍。对 y 合适的学习率对 x 来说太小：梯度下降横向来回震荡、纵向缓慢前进；"
        "自适应方法给每个坐标各自的步长。",
    ),
    "optimizers.watch_valley": (
        "**The regression valley** of the two-feature data (lesson 5's article): the two features rise together, so "
        "many pairs (w₁, w₂) fit almost equally well and the bowl is a long, narrow trough.",
        "两个特征的线性回归（第 5 课文章中的数据）形成的**山谷**：两个特征同涨同落，很多 (w₁, w₂) 拟合得差不多好，"
        "碗就成了一条又长又窄的沟。",
    ),
    "optimizers.contour_title": ("f = {formula}", "f = {formula}"),
    "optimizers.loss_axis": ("loss f(θ)", "损失 f(θ)"),
    "optimizers.minima": ("minimum", "极小值"),
    "optimizers.step_arrow": ("the next step Δθ, in each colour ({s})", "下一步 Δθ，各自颜色（{s}）"),
    "optimizers.arrows_help": (
        "Each optimizer's arrow is the step Δθ it takes next from where it stands (drawn {d} its length, cut at a "
        "third of the window). Plain GD's step always points straight downhill, along −∇f; momentum's and Adam's "
        "need not.",
        "每个优化器的箭头是它从当前位置迈出的下一步 Δθ（长度按 {d} 画出，最长不超过窗口的三分之一）。"
        "普通梯度下降的步长总是沿着 −∇f 指向正下坡；动量和 Adam 则不一定。",
    ),
    "optimizers.race_step": ("step shown", "显示的步数"),
    "optimizers.race_step_help": (
        "Drag to replay the race: every path up to this step, each optimizer's next step as an arrow.",
        "拖动来重放比赛：每条路径画到这一步，箭头是每个优化器的下一步。",
    ),
    "optimizers.lr_of": ("{name}: learning rate η", "{name}：学习率 η"),
    "optimizers.lr_help": (
        "Drag an η to move that optimizer's whole path; the others keep theirs.",
        "拖动某个 η，那个优化器的整条路径跟着变；其他优化器不变。",
    ),
    "optimizers.readout_heading": ("At step {step} of {steps}", "第 {step} 步（共 {steps} 步）"),
    "optimizers.col_optimizer": ("optimizer", "优化器"),
    "optimizers.col_lr": ("η", "η"),
    "optimizers.col_theta": ("θ at this step", "这一步的 θ"),
    "optimizers.col_loss": ("f(θ) at this step", "这一步的 f(θ)"),
    "optimizers.col_final": ("f after the last step", "最后一步后的 f"),
    "optimizers.result": ("What happened", "结果"),
    "optimizers.exit_heading": (
        "Steps to leave the saddle (the first step with |y| > 1):",
        "离开鞍点所用的步数（第一次 |y| > 1）：",
    ),
    "optimizers.exit_item": ("{name}: **{n}** steps", "{name}：**{n}** 步"),
    "optimizers.exit_never": ("{name}: still there after {steps} steps", "{name}：{steps} 步后仍在鞍点附近"),
    "optimizers.minima_heading": ("Where each optimizer ended:", "每个优化器的终点："),
    "optimizers.minimum_item": ("{name} → minimum **({x}, {y})**", "{name} → 极小值 **({x}, {y})**"),
    "optimizers.minimum_none": ("{name} → not at a minimum yet", "{name} → 还没到达极小值"),
    "optimizers.moved_heading": (
        "How far each got from the start in {steps} steps:",
        "{steps} 步内离开起点的距离：",
    ),
    "optimizers.distance_heading": (
        "Distance to the minimum ({x}, {y}) after {steps} steps:",
        "{steps} 步后到极小值 ({x}, {y}) 的距离：",
    ),
    "optimizers.value_item": ("{name}: **{value}**", "{name}：**{value}**"),
    "optimizers.diverged": (
        "{name} diverged at step {n}: its numbers ran past every bound, so its path stops there and the axes stay put.",
        "{name} 在第 {n} 步发散：数值超出了界限，路径停在那里，坐标轴保持不变。",
    ),
    "optimizers.formulas": ("The update rules", "更新公式"),
    "optimizers.formulas_help": (
        "g is the gradient at the current θ, η the learning rate; m̂ and v̂ are Adam's bias-corrected moments.",
        "g 是当前 θ 处的梯度，η 是学习率；m̂ 和 v̂ 是 Adam 经过偏差修正的一阶、二阶矩。",
    ),
}
