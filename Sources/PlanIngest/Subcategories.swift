/// The subcategories of non-quantified deliverables (categories C, D and E) that the document
/// prints. Tables covering 2020 only print their rows as bare lines between blank lines, with
/// no tab cells; a bare line inside a table is a row only when it names one of these, and any
/// other bare line is the heading that follows the table.
enum Subcategories {
    static let nonQuantified: Set<String> = [
        // C. 实质性应交付产出
        "协商、咨询和倡导", "数据库和实质性数字材料", "数据库和其他实质性数字材料", "实况调查、监测和调查团",
        "人道主义援助团", "直接交付服务", "斡旋", "保存职能", "需求评估、采购和订约",
        // D. 信息传播方面的应交付产出
        "外联方案、特别活动和宣传材料", "外联方案、特别活动和新闻资料", "对外和媒体关系", "对外关系和媒体关系",
        "数字平台和多媒体内容", "图书馆服务",
        // E. 辅助性应交付产出
        "行政", "行政管理", "一般管理", "人力资源服务", "财务和预算服务", "信息和通信技术", "信息安全", "网络安全",
        "网络服务", "硬件和基础设施", "软件和应用", "服务台", "内部司法和监督", "内部司法", "保证和核查服务",
        "实况调查和评价事务", "真相调查和评价事务", "法律服务", "法律咨询意见", "后勤", "采购", "资产管理",
        "设施管理", "运输", "仓储", "来往公文和文件服务", "安全和安保", "风险管理", "职业安全、健康和福祉",
        "内部司法和监督服务台",
    ]
}
