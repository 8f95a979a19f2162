"""Lesson 4: the learning rate, its stability limit, and learning-rate schedules."""

TEXT = {
    "learning_rate.title": ("Learning rate", "学习率"),
    "learning_rate.intro": (
        "The learning rate η is the small number in w ← w − η·k that decides how far each step goes. Too small and "
        "descent creeps; too large and it jumps over the minimum and back; past a limit it diverges. For this loss the "
        "limit can be computed in advance: descent converges exactly when **η < 2/λmax**, with λmax the largest "
        "curvature of the loss (the largest eigenvalue of its Hessian).",
        "学习率 η 是 w ← w − η·k 中那个小小的数，它决定每一步走多远。太小，梯度下降慢慢爬；太大，越过最小值又跳回来；"
        "超过某个上限就会发散。对这个损失函数，这个上限可以事先算出来：当且仅当 **η < 2/λmax** 时收敛，"
        "λmax 是损失函数最大的曲率（海森矩阵的最大特征值）。",
    ),
    "learning_rate.one_param": (
        "This dataset has no intercept, so descent moves w alone, on the parabola MSE(w).",
        "这组数据没有截距，所以梯度下降只更新 w，在抛物线 MSE(w) 上移动。",
    ),
    "learning_rate.two_params": (
        "This dataset has an intercept, so descent moves w and b together; the paths are drawn on the contour map of MSE(w, b).",
        "这组数据有截距，所以梯度下降同时更新 w 和 b；路径画在 MSE(w, b) 的等高线图上。",
    ),
    "learning_rate.w0": ("start w₀", "初始值 w₀"),
    "learning_rate.b0": ("start b₀", "初始值 b₀"),
    "learning_rate.lr_help": (
        "The slider reaches past the stability limit on purpose: cross it and watch the runs blow up.",
        "滑块的范围故意超过了稳定上限：越过它，看看会发生什么。",
    ),
    "learning_rate.limit_1d": (
        "λmax = d²L/dw² = 2·Σx²/n = {lam}, so the limit is 2/λmax = 2/{lam} = {limit}.",
        "λmax = d²L/dw² = 2·Σx²/n = {lam}，所以上限是 2/λmax = 2/{lam} = {limit}。",
    ),
    "learning_rate.limit_2d": (
        "The Hessian of MSE(w, b) has eigenvalues {lam_min} and {lam}, so the limit is 2/λmax = 2/{lam} = {limit}.",
        "MSE(w, b) 的海森矩阵特征值为 {lam_min} 和 {lam}，所以上限是 2/λmax = 2/{lam} = {limit}。",
    ),
    "learning_rate.metric_limit": ("stable for", "稳定范围"),
    "learning_rate.lr0": ("η₀, where the schedule starts", "η₀：调度的起始学习率"),
    "learning_rate.lr0_help": (
        "Both runs below start from η₀: one keeps it, the other follows the schedule. It starts just under the limit, "
        "where a constant η bounces for a long time.",
        "下面两次运行都从 η₀ 出发：一次一直保持 η₀，另一次按调度变化。默认值略低于稳定上限，恒定的 η 在这里会来回震荡很久。",
    ),
    "learning_rate.metric_multiple": ("your η / limit", "你的 η / 上限"),
    "learning_rate.metric_rho": ("factor per step ρ", "每步缩放因子 ρ"),
    "learning_rate.metric_rho_help": (
        "Each step multiplies the distance to the minimum, along the worst direction, by ρ = max |1 − η·λ|. "
        "Below 1 descent converges; above 1 it diverges.",
        "每一步把沿最差方向到最小值的距离乘以 ρ = max |1 − η·λ|。小于 1 收敛，大于 1 发散。",
    ),
    "learning_rate.metric_final": ("final MSE", "最终均方误差"),
    "learning_rate.preset_too_small": ("too small", "太小"),
    "learning_rate.preset_good": ("good", "合适"),
    "learning_rate.preset_too_large": ("too large: bounces", "太大：来回震荡"),
    "learning_rate.preset_diverging": ("over the limit: diverges", "超过上限：发散"),
    "learning_rate.preset_yours": ("your η", "你的 η"),
    "learning_rate.your_eta_short": ("your η", "你的 η"),
    "learning_rate.yours_title": ("η from the slider", "η 取自滑块"),
    "learning_rate.step_shown": ("step shown", "显示的步数"),
    "learning_rate.step_help": (
        "Every panel and the loss chart mark where each run is after this many steps.",
        "每个小图和损失图都标出各次运行在这一步时的位置。",
    ),
    "learning_rate.your_eta": ("your η = {lr}", "你的 η = {lr}"),
    "learning_rate.presets": ("presets", "预设"),
    "learning_rate.limit_name": ("stability limit 2/λmax = {limit}", "稳定上限 2/λmax = {limit}"),
    "learning_rate.converges": ("converges", "收敛"),
    "learning_rate.diverges": ("diverges", "发散"),
    "learning_rate.loss_heading": ("The loss, step by step", "逐步看损失"),
    "learning_rate.loss_help": (
        "Four presets derived from the limit (0.01×, 0.4×, 0.9× and 1.1× of it) and your η, from the same start. "
        "Log scale: a straight line down means the same factor every step.",
        "从稳定上限推出的四个预设（上限的 0.01×、0.4×、0.9× 和 1.1×）加上你的 η，都从同一起点出发。"
        "对数坐标：一条向下的直线意味着每一步都乘以同一个因子。",
    ),
    "learning_rate.loss_log": ("MSE (log scale)", "均方误差（对数坐标）"),
    "learning_rate.min_loss": ("lowest MSE = {loss}", "最小均方误差 = {loss}"),
    "learning_rate.paths_heading": ("Five runs, side by side", "五次运行并排比较"),
    "learning_rate.paths_help": (
        "Drag the step to walk every run together. Too small creeps, good slides in, too large jumps across the "
        "valley, and over the limit each jump is longer than the last.",
        "拖动步数，所有运行同步前进。太小的慢慢爬，合适的平稳滑入，太大的在山谷两侧来回跳，超过上限的则一次跳得比一次远。",
    ),
    "learning_rate.table_heading": ("What each run did", "每次运行的结果"),
    "learning_rate.col_run": ("run", "运行"),
    "learning_rate.col_multiple": ("η / limit", "η / 上限"),
    "learning_rate.col_rho": ("ρ = max |1 − η·λ|", "ρ = max |1 − η·λ|"),
    "learning_rate.col_final": ("final MSE", "最终均方误差"),
    "learning_rate.col_status": ("what happened", "结果"),
    "learning_rate.status_diverging": ("diverging: distance × {rho} each step", "正在发散：距离每步 × {rho}"),
    "learning_rate.status_done": ("reached the minimum at step {n}", "第 {n} 步到达最小值"),
    "learning_rate.status_done_bounce": ("bounced, reached the minimum at step {n}", "来回震荡，第 {n} 步到达最小值"),
    "learning_rate.status_way": ("still on its way", "仍在路上"),
    "learning_rate.status_way_bounce": ("bouncing, still on its way", "来回震荡，仍在路上"),
    "learning_rate.sweep_heading": ("Final loss against η", "最终损失与 η 的关系"),
    "learning_rate.sweep_help": (
        "Sixty runs of the same number of steps, one per η (log–log axes). Left of the red line the loss ends low; "
        "right of it the runs blow up (crosses: diverged).",
        "六十次运行，步数相同，每次一个 η（双对数坐标）。红线左侧损失最终很低；红线右侧运行全部失控（叉号：已发散）。",
    ),
    "learning_rate.sweep_final": ("final MSE", "最终均方误差"),
    "learning_rate.sweep_diverged": ("diverged", "已发散"),
    "learning_rate.final_loss": ("MSE after {steps} steps (log)", "{steps} 步后的均方误差（对数）"),
    "learning_rate.sched_heading": ("Schedules: η changes with the step", "学习率调度：η 随步数变化"),
    "learning_rate.sched_intro": (
        "A schedule starts from η₀ and lowers it as training goes on: big steps early, small steps late. "
        "The formulas are PyTorch's (StepLR, ExponentialLR, CosineAnnealingLR), with t counted from 0.",
        "学习率调度从 η₀ 出发，随着训练进行逐渐降低它：前期大步走，后期小步走。"
        "公式与 PyTorch 相同（StepLR、ExponentialLR、CosineAnnealingLR），t 从 0 开始计数。",
    ),
    "learning_rate.schedule": ("schedule", "调度方式"),
    "learning_rate.sched_constant": ("constant", "恒定"),
    "learning_rate.sched_step": ("step decay", "阶梯衰减"),
    "learning_rate.sched_exponential": ("exponential decay", "指数衰减"),
    "learning_rate.sched_cosine": ("cosine annealing", "余弦退火"),
    "learning_rate.step_size": ("step_size (steps between decays)", "step_size（每隔多少步衰减一次）"),
    "learning_rate.gamma": ("gamma (factor at each decay)", "gamma（每次衰减乘的因子）"),
    "learning_rate.exp_gamma": ("gamma (factor at every step)", "gamma（每一步乘的因子）"),
    "learning_rate.t_max": ("T_max (steps down to eta_min)", "T_max（降到 eta_min 的步数）"),
    "learning_rate.eta_min": ("eta_min (lowest η)", "eta_min（最低的 η）"),
    "learning_rate.eta_min_high": (
        "eta_min = {eta_min} is above η₀ = {lr}: cosine annealing goes down from η₀ to eta_min, so lower eta_min "
        "or raise η₀.",
        "eta_min = {eta_min} 大于 η₀ = {lr}：余弦退火是从 η₀ 降到 eta_min，请调低 eta_min 或调高 η₀。",
    ),
    "learning_rate.constant_run": ("constant η", "恒定 η"),
    "learning_rate.scheduled_run": ("scheduled η", "调度后的 η"),
    "learning_rate.sched_lr_panel": ("η against the step", "η 随步数变化"),
    "learning_rate.sched_path_panel": ("the paths", "路径"),
    "learning_rate.sched_loss_panel": ("the loss they give", "得到的损失"),
    "learning_rate.sched_result": (
        "**Reaches the minimum** (the gap to the lowest MSE below 0.01% of where it started): constant η {const}, "
        "scheduled η {sched}. **MSE after {steps} steps:** {const_loss} and {sched_loss}.",
        "**到达最小值**（与最小均方误差的差距不到起点时的 0.01%）：恒定 η {const}，调度后的 η {sched}。"
        "**{steps} 步后的均方误差：** {const_loss} 和 {sched_loss}。",
    ),
    "learning_rate.not_yet": ("not yet", "尚未到达"),
    "learning_rate.sched_note": (
        "On this full-batch loss a schedule can calm a too-large η (the bouncing dies out as η falls), but it also "
        "slows the slow direction down. Schedules earn their keep when the gradients are noisy: see lesson 5.",
        "在这个全批量的损失上，调度能让过大的 η 安静下来（η 变小后震荡消失），但也会让本来就慢的方向更慢。"
        "梯度带噪声时调度才真正有用：见第 5 课。",
    ),
}
